using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>TR-4 end to end, offsets shortened to seconds, the real clustered scheduler: two reminders, then the no_reply resolution, each emailed.</summary>
public sealed class PendingReminderEmailTests
{
    [Test]
    public async Task Given_a_ticket_left_waiting_Then_the_requester_is_reminded_twice_and_told_it_was_resolved_without_an_answer()
    {
        using var smtp = await SmtpSink.StartAsync();
        var settings = MailApi.SmtpSettings(smtp);
        settings["Support:Pending:FirstReminder"] = "00:00:02";
        settings["Support:Pending:SecondReminder"] = "00:00:04";
        settings["Support:Pending:AutoResolve"] = "00:00:06";
        settings["Support:Scheduler:SweepInterval"] = "00:00:01";
        await using var api = new SupportApiFactory(settings: settings);
        using var admin = api.Admin();
        var organization = await admin.CreateOrganizationAsync("Quiet Ltd");
        using var agent = api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        var id = (await agent.SubmitTicketAsync(Api.Ticket(organization, email: "quiet@customer.example"))).Id();

        await agent.ActAsync(id, "waiting-on-customer", new { message = "Could you send the server log?" });
        var mails = await smtp.WaitForAsync("quiet@customer.example", 5);
        var ticket = await (await agent.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(System.Net.HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(mails.Select(m => m.Template()), Is.EquivalentTo(new[]
            {
                "ticket-opened", "waiting-on-you", "pending-reminder", "pending-reminder", "resolved",
            }));
            Assert.That(mails.Where(m => m.Template() == "pending-reminder").Select(m => m.TextBody),
                Has.All.Contain("Could you send the server log?"));
            Assert.That(mails.Single(m => m.Template() == "resolved").TextBody, Does.Contain("have not heard from you"));
            Assert.That(ticket["resolution"]!.GetValue<string>(), Is.EqualTo("no_reply"));
        });
    }
}
