using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>TR-8: a ticket opened outside its queue's support hours is told, in its opened email, when the team is back, holidays included.</summary>
public sealed class OutOfHoursTests
{
    [TestCase("en", 2026, 12, 5, 10, "Monday, December 7, 2026 at 09:00 (Europe/Paris)")] // a Saturday
    [TestCase("fr", 2026, 12, 24, 18, "lundi 28 décembre 2026 à 09:00 (Europe/Paris)")] // Christmas Eve, 19:00 in Paris: Friday 25 is a holiday
    public async Task Given_a_ticket_opened_when_support_is_closed_Then_its_opened_email_says_when_support_opens(
        string language, int year, int month, int day, int hourUtc, string opening)
    {
        using var smtp = await SmtpSink.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(year, month, day, hourUtc, 0, 0, TimeSpan.Zero));
        await using var api = new SupportApiFactory(settings: MailApi.SmtpSettings(smtp), services: services => services.AddSingleton<TimeProvider>(clock));
        using var admin = api.Admin();
        var organization = await admin.CreateOrganizationAsync("Night Owls", language);
        using var agent = api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));

        await agent.SubmitTicketAsync(Api.Ticket(organization, email: $"owl-{language}@customer.example"));
        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == $"owl-{language}@customer.example"));

        Assert.That(mail.TextBody, Does.Contain(opening));
    }

    [Test]
    public async Task Given_a_ticket_opened_during_support_hours_Then_its_email_does_not_mention_closing_times()
    {
        using var smtp = await SmtpSink.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.Zero)); // Tuesday, 11:00 in Paris
        await using var api = new SupportApiFactory(settings: MailApi.SmtpSettings(smtp), services: services => services.AddSingleton<TimeProvider>(clock));
        using var admin = api.Admin();
        var organization = await admin.CreateOrganizationAsync("Day Birds");
        using var agent = api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));

        await agent.SubmitTicketAsync(Api.Ticket(organization, email: "bird@customer.example"));
        var mail = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "bird@customer.example"));

        Assert.That(mail.TextBody, Does.Contain("will take it in charge shortly").And.Not.Contain("not at work"));
    }
}
