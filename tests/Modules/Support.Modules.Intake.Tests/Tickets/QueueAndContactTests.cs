using System.Net;
using MimeKit;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Tickets;

/// <summary>Intake uses what administrators configure: the queues (IN-1, IN-5) and the contacts' languages.</summary>
public sealed class QueueAndContactTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _admin.Dispose();
        _agent.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Given_a_queue_an_administrator_created_Then_tickets_can_be_filed_in_it_and_an_unknown_queue_is_refused()
    {
        var organization = await _admin.CreateOrganizationAsync();
        var queue = await (await _admin.PostJsonAsync("/api/v1/queues", new { name = "Key accounts", intakeAddress = "key-accounts@support.localhost" }))
            .ExpectAsync(HttpStatusCode.Created);

        var filed = await _agent.SubmitTicketAsync(Api.Ticket(organization, queue: queue["id"]!.GetValue<string>()));
        var unknown = await (await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(organization, queue: "no-such-queue")))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var inQueue = await (await _agent.GetAsync("/api/v1/queue?queue=key-accounts")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(filed["queue"]!.GetValue<string>(), Is.EqualTo("key-accounts"));
            Assert.That(unknown["errors"]!["queue"]![0]!.GetValue<string>(), Does.Contain("no-such-queue"));
            Assert.That(inQueue["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()), Is.EqualTo(new[] { filed["id"]!.GetValue<string>() }));
        });
    }

    [Test] // NO-1 in the requester's language: a known contact's language wins over the organisation's
    public async Task Given_a_french_speaking_contact_of_an_english_organisation_Then_the_opened_email_is_in_french()
    {
        var organization = await _admin.CreateOrganizationAsync("Globex", language: "en");
        await _admin.CreateContactAsync(organization, "Marie@Globex.example", "Marie Curie", language: "fr");

        var ticket = await _agent.SubmitTicketAsync(Api.Ticket(organization, email: "marie@globex.example"));
        var number = ticket["number"]!.GetValue<string>();
        var email = await Eventually.ValueAsync(() => Task.FromResult(
            Directory.Exists(_api.PickupDirectory)
                ? Directory.GetFiles(_api.PickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.Subject?.Contains(number, StringComparison.Ordinal) == true)
                : null), what: "the ticket-opened email");

        Assert.That(email.Subject, Does.Contain("Votre demande a bien été reçue"));
    }
}
