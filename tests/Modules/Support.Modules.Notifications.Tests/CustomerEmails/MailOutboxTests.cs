using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Shared.Messaging;
using Support.Modules.Surveys.Contracts;
using Support.Modules.Triage.Contracts;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>NO-7: a notification is never lost and never sent twice, across failures and restarts; NO-4's hooks for the time rules.</summary>
public sealed class MailOutboxTests
{
    [Test] // NO-7
    public async Task Given_a_restart_in_the_middle_of_a_batch_Then_every_email_is_sent_once()
    {
        using var smtp = await SmtpSink.StartAsync();
        var first = new SupportApiFactory(settings: MailApi.SmtpSettings(smtp));
        string organization;
        using (var admin = first.Admin())
        {
            organization = await admin.CreateOrganizationAsync("Restart Ltd");
            using var agent = first.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
            await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
                agent.SubmitTicketAsync(Api.Ticket(organization, subject: $"Batch {i}", email: $"batch-{i}@restart.example"))));
        }

        await first.DisposeAsync(); // stops in the middle: some emails sent, some queued, some events not yet handled
        await using var second = new SupportApiFactory(first.ConnectionString, MailApi.SmtpSettings(smtp));
        using (second.Admin())
        {
            await Eventually.TrueAsync(() => Task.FromResult(
                smtp.Messages().Count(m => m.To.Mailboxes.Any(a => a.Address.EndsWith("@restart.example", StringComparison.Ordinal))) >= 40),
                TimeSpan.FromSeconds(60), "all 40 opened emails");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        var received = smtp.Messages().Where(m => m.To.Mailboxes.Any(a => a.Address.EndsWith("@restart.example", StringComparison.Ordinal))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(received, Has.Count.EqualTo(40), "none lost, none doubled");
            Assert.That(received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count(), Is.EqualTo(40));
        });
    }

    [Test] // NO-7: failures are visible to administrators and can be retried
    public async Task Given_an_unreachable_mail_server_Then_the_email_fails_visibly_and_an_administrator_sends_it_again()
    {
        var closedPort = ProcessRunner.FreePort();
        var failing = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Mail:Smtp:Host"] = "127.0.0.1",
            ["Support:Mail:Smtp:Port"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Support:Mail:From"] = "Acme Support <support@acme.example>",
            ["Support:Mail:MaxAttempts"] = "2",
            ["Support:Mail:RetryBaseDelay"] = "00:00:00.100",
        });
        string emailId;
        using (var admin = failing.Admin())
        {
            var organization = await admin.CreateOrganizationAsync("Unreachable Ltd");
            using var agent = failing.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
            await agent.SubmitTicketAsync(Api.Ticket(organization, email: "later@unreachable.example"));
            var failed = await Eventually.ValueAsync(async () =>
            {
                var page = await (await admin.GetAsync("/api/v1/notifications/emails?status=failed")).ExpectAsync(HttpStatusCode.OK);
                return page["items"]!.AsArray().FirstOrDefault(e => e!["to"]!.GetValue<string>() == "later@unreachable.example");
            });
            emailId = failed!.Id();
            Assert.Multiple(() =>
            {
                Assert.That(failed!["attempts"]!.GetValue<int>(), Is.EqualTo(2));
                Assert.That(failed["lastError"]!.GetValue<string>(), Is.Not.Empty);
            });
        }

        await failing.DisposeAsync();
        using var smtp = await SmtpSink.StartAsync();
        await using var fixedHost = new SupportApiFactory(failing.ConnectionString, MailApi.SmtpSettings(smtp));
        using var fixedAdmin = fixedHost.Admin();

        var retried = await (await fixedAdmin.PostJsonAsync($"/api/v1/notifications/emails/{emailId}/retry", new { })).ExpectAsync(HttpStatusCode.OK);
        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "later@unreachable.example"));
        var sent = await Eventually.ValueAsync(async () =>
        {
            var page = await (await fixedAdmin.GetAsync("/api/v1/notifications/emails?status=sent")).ExpectAsync(HttpStatusCode.OK);
            return page["items"]!.AsArray().FirstOrDefault(e => e!.Id() == emailId);
        });
        var again = await fixedAdmin.PostJsonAsync($"/api/v1/notifications/emails/{emailId}/retry", new { });

        Assert.Multiple(() =>
        {
            Assert.That(retried["status"]!.GetValue<string>(), Is.EqualTo("pending"));
            Assert.That(mail.MessageId, Is.EqualTo(sent!["messageId"]!.GetValue<string>()));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a sent email is never sent twice");
        });
    }

    [TestCase("en", "Reminder: we are waiting for your answer", "we will consider the request resolved", "How did we do?")]
    [TestCase("fr", "Rappel : nous attendons votre réponse", "nous considérerons la demande comme résolue", "Êtes-vous satisfait ?")]
    public async Task Given_the_time_rules_hooks_Then_reminders_and_the_survey_are_mailed_in_the_requester_s_language(
        string language, string reminderSubject, string finalWording, string surveySubject) // NO-4, TR-4, SU-1
    {
        using var smtp = await SmtpSink.StartAsync();
        await using var api = new SupportApiFactory(settings: MailApi.SmtpSettings(smtp));
        using var admin = api.Admin();
        var organization = await admin.CreateOrganizationAsync("Hooks", language);
        using var agent = api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        var email = $"hooks-{language}@customer.example";
        var ticket = await agent.SubmitTicketAsync(Api.Ticket(organization, email: email));
        var (id, number) = (Guid.Parse(ticket.Id()), ticket["number"]!.GetValue<string>());
        await agent.ActAsync(ticket.Id(), "waiting-on-customer", new { message = "Which version do you run?" });
        await smtp.WaitForAsync(email, 2);

        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.PublishOnCommit(new TicketPendingReminderDue(id, number, Guid.Parse(organization), 2, new DateTimeOffset(2026, 12, 11, 9, 0, 0, TimeSpan.Zero)));
            session.PublishOnCommit(new SurveyInvitationIssued(id, number, Guid.Parse(organization), "https://support.acme.example/surveys/abc",
                new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero)));
            await session.SaveChangesAsync();
        }

        var mails = await smtp.WaitForAsync(email, 4);
        var reminder = mails.Single(m => m.Template() == "pending-reminder");
        var survey = mails.Single(m => m.Template() == "survey");
        Assert.Multiple(() =>
        {
            Assert.That(reminder.Subject, Does.Contain(reminderSubject));
            Assert.That(reminder.TextBody, Does.Contain("Which version do you run?").And.Contain(finalWording).And.Contain("2026"));
            Assert.That(survey.Subject, Does.Contain(surveySubject));
            Assert.That(survey.TextBody, Does.Contain("https://support.acme.example/surveys/abc"));
        });
    }
}
