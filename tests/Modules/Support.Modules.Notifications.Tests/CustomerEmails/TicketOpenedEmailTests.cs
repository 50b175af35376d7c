using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>NO-1, IN-6: the requester is told the ticket is open, with its number, in the organisation's language, through a real SMTP server.</summary>
public sealed class TicketOpenedEmailTests
{
    private SmtpSink _smtp = null!;
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _smtp = await SmtpSink.StartAsync();
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Mail:Smtp:Host"] = "127.0.0.1",
            ["Support:Mail:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Support:Mail:From"] = "Acme Support <support@acme.example>",
        });
        _agent = _api.ClientWithKey(await _api.Admin().CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _agent.Dispose();
        await _api.DisposeAsync();
        _smtp.Dispose();
    }

    [Test]
    public async Task Given_an_english_organisation_Then_the_requester_gets_an_english_email_with_the_ticket_number()
    {
        var organization = await _api.Admin().CreateOrganizationAsync("Globex", "en");
        var ticket = await _agent.SubmitTicketAsync(Api.Ticket(organization, subject: "Printer queue stuck", email: "homer@globex.example"));
        var number = ticket["number"]!.GetValue<string>();

        var email = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "homer@globex.example"));

        Assert.Multiple(() =>
        {
            Assert.That(email.Subject, Does.StartWith($"[{number}]").And.Contain("Printer queue stuck"));
            Assert.That(email.TextBody, Does.Contain($"opened ticket {number}").And.Contain("Hello Jane Doe"));
            Assert.That(email.From.Mailboxes.Single().Address, Is.EqualTo("support@acme.example"));
            Assert.That(email.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"));
            Assert.That(email.MessageId, Does.EndWith("@acme.example"));
        });
    }

    [Test]
    public async Task Given_a_french_organisation_Then_the_requester_gets_a_french_email()
    {
        var organization = await _api.Admin().CreateOrganizationAsync("Société Générique", "fr");
        var ticket = await _agent.SubmitTicketAsync(Api.Ticket(organization, category: "feature", subject: "Export CSV", email: "marie@generique.example"));
        var number = ticket["number"]!.GetValue<string>();

        var email = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "marie@generique.example"));

        Assert.Multiple(() =>
        {
            Assert.That(email.Subject, Does.StartWith($"[{number}] Votre demande a bien été reçue"));
            Assert.That(email.TextBody, Does.Contain("Bonjour Jane Doe").And.Contain("Suggestion de fonctionnalité"));
        });
    }

    [Test] // NO-7: one email per event
    public async Task Given_a_ticket_Then_exactly_one_opened_email_is_sent()
    {
        var organization = await _api.Admin().CreateOrganizationAsync();
        await _agent.SubmitTicketAsync(Api.Ticket(organization, subject: "Only once", email: "once@customer.example"));
        await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "once@customer.example"));

        // Give a duplicate every chance to show up: several outbox sweeps run in this time.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.That(_smtp.Messages().Count(m => m.To.Mailboxes.Any(a => a.Address == "once@customer.example")), Is.EqualTo(1));
    }
}
