using System.Net;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Tickets;

public sealed class SubmitTicketTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        await _api.DisposeAsync();
    }

    [Test] // IN-1, IN-6
    public async Task Given_a_complete_request_Then_intake_answers_201_with_a_number_and_the_ticket_can_be_read_back()
    {
        var response = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(_organization, priority: "high"));
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();

        var read = await _agent.GetAsync($"/api/v1/tickets/{id}");
        var ticket = await read.ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/tickets/{id}"));
            Assert.That(created["number"]!.GetValue<string>(), Does.Match(@"^SUP-\d+$"));
            Assert.That(created["status"]!.GetValue<string>(), Is.EqualTo("new"));
            Assert.That(ticket["number"]!.GetValue<string>(), Is.EqualTo(created["number"]!.GetValue<string>()));
            Assert.That(ticket["priority"]!.GetValue<string>(), Is.EqualTo("high"));
            Assert.That(ticket["queue"]!.GetValue<string>(), Is.EqualTo("technical-support"));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(read.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        });
    }

    [Test] // IN-3
    public async Task Given_a_bug_without_reproduction_steps_Then_intake_rejects_it_saying_why()
    {
        var response = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(_organization, category: "bug"));

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        var messages = problem["errors"]!["reproductionScenario"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.That(messages, Has.Some.Contains("reproduction scenario"));
    }

    [Test] // IN-2, IN-3
    public async Task Given_a_bug_with_reproduction_steps_Then_it_is_accepted_and_keeps_them()
    {
        const string steps = "1. Open the monthly report\n2. Click Export\nExpected: a PDF\nActual: error 500";

        var created = await _agent.SubmitTicketAsync(Api.Ticket(_organization, category: "bug", reproductionScenario: steps));
        var ticket = await (await _agent.GetAsync($"/api/v1/tickets/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(created["category"]!.GetValue<string>(), Is.EqualTo("bug"));
            Assert.That(ticket["reproductionScenario"]!.GetValue<string>(), Is.EqualTo(steps));
        });
    }

    [Test] // IN-2
    public async Task Given_each_category_Then_intake_accepts_it([Values("usage", "chat", "other", "feature")] string category)
    {
        var created = await _agent.SubmitTicketAsync(Api.Ticket(_organization, category: category));

        Assert.That(created["category"]!.GetValue<string>(), Is.EqualTo(category));
    }

    [Test]
    public async Task Given_several_submissions_Then_every_ticket_gets_its_own_increasing_number()
    {
        var numbers = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var created = await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: $"Problem {i}"));
            numbers.Add(int.Parse(created["number"]!.GetValue<string>()["SUP-".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(numbers, Is.Ordered.Ascending.And.Unique);
    }

    [Test] // TR-6, NF-4: the ticket's life is its event stream
    public async Task Given_a_submitted_ticket_Then_its_stream_starts_with_who_opened_it_and_what_was_asked()
    {
        var created = await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: "Recorded in the stream"));
        var store = _api.Services.GetRequiredService<IDocumentStore>();

        await using var session = store.QuerySession();
        IReadOnlyList<IEvent> events = await session.Events.FetchStreamAsync(Guid.Parse(created["id"]!.GetValue<string>()));

        var opened = events.Single().Data as TicketSubmitted;
        Assert.That(opened, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(opened!.Subject, Is.EqualTo("Recorded in the stream"));
            Assert.That(opened.SubmittedBy, Is.Not.Empty.And.Not.EqualTo("anonymous"));
            Assert.That(events.Single().UserName, Is.EqualTo(opened.SubmittedBy));
        });
    }

    [Test]
    public async Task Given_an_unknown_organisation_Then_intake_answers_422_naming_the_field()
    {
        var response = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(Guid.NewGuid().ToString()));

        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(problem["errors"]!["organizationId"], Is.Not.Null);
    }

    [Test]
    public async Task Given_an_unknown_queue_Then_intake_answers_400()
    {
        var response = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(_organization, queue: "nowhere"));

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["queue"], Is.Not.Null);
    }

    [Test]
    public async Task Given_an_invalid_requester_email_Then_intake_answers_400_on_that_field()
    {
        var response = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(_organization, email: "not-an-address"));

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["requester.email"], Is.Not.Null);
    }

    [Test] // NF-3
    public async Task Given_a_partner_key_Then_it_submits_and_reads_tickets_for_its_organisation()
    {
        var partner = _api.ClientWithKey(await _api.Admin().CreateApiKeyAsync("partner", _organization));

        var created = await partner.SubmitTicketAsync(Api.Ticket(_organization, subject: "Through the distributor"));
        var read = await partner.GetAsync($"/api/v1/tickets/{created["id"]}");

        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Given_an_unknown_ticket_id_Then_the_answer_is_404()
    {
        var response = await _agent.GetAsync($"/api/v1/tickets/{Guid.NewGuid()}");

        await response.ExpectAsync(HttpStatusCode.NotFound);
    }
}
