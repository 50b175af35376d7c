using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>TR-4: the due work survives a restart, and two hosts sweeping the same database never remind twice.</summary>
public sealed class PendingRestartTests
{
    [Test]
    public async Task Given_a_restart_then_two_hosts_Then_the_waiting_ticket_gets_each_reminder_once_and_is_resolved_once()
    {
        using var smtp = await SmtpSink.StartAsync();
        var settings = MailApi.SmtpSettings(smtp);
        settings["Support:Pending:FirstReminder"] = "00:00:03";
        settings["Support:Pending:SecondReminder"] = "00:00:05";
        settings["Support:Pending:AutoResolve"] = "00:00:07";
        settings["Support:Scheduler:SweepInterval"] = "00:00:01";

        var first = new SupportApiFactory(settings: settings);
        using (var admin = first.Admin())
        {
            var organization = await admin.CreateOrganizationAsync("Restarted Ltd");
            using var agent = first.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
            var id = (await agent.SubmitTicketAsync(Api.Ticket(organization, email: "restart@customer.example"))).Id();
            await agent.ActAsync(id, "waiting-on-customer", new { message = "Could you send the server log?" });
        }

        await first.DisposeAsync(); // stopped before anything was due
        await using var second = new SupportApiFactory(first.ConnectionString, settings);
        await using var third = new SupportApiFactory(first.ConnectionString, settings);
        using (second.Admin())
        using (third.Admin())
        {
            var mails = await smtp.WaitForAsync("restart@customer.example", 5);
            await Task.Delay(TimeSpan.FromSeconds(3)); // more sweeps on both hosts

            Assert.That(smtp.To("restart@customer.example").Select(m => m.Template()), Is.EquivalentTo(new[]
            {
                "ticket-opened", "waiting-on-you", "pending-reminder", "pending-reminder", "resolved",
            }), $"got: {string.Join(", ", mails.Select(m => m.Template()))}");
        }
    }
}
