using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Queue;

public sealed class GetQueueTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;

    [SetUp]
    public async Task StartHost()
    {
        // A database of its own per test: the queue is global, so each test starts from an empty one.
        _api = new SupportApiFactory();
        _agent = _api.ClientWithKey(await _api.Admin().CreateApiKeyAsync("agent"));
    }

    [TearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        await _api.DisposeAsync();
    }

    private async Task<List<JsonNode>> WaitForQueueAsync(int count, string query = "")
    {
        JsonArray items = [];
        await Eventually.TrueAsync(async () =>
        {
            var page = await (await _agent.GetAsync($"/api/v1/queue?limit=200{query}")).ExpectAsync(HttpStatusCode.OK);
            items = page["items"]!.AsArray();
            return items.Count >= count;
        }, what: $"{count} tickets in the queue");
        return items.Select(i => i!).ToList();
    }

    [Test] // TR-1
    public async Task Given_tickets_of_every_kind_Then_the_queue_lists_bugs_first_by_priority_then_the_rest_by_arrival()
    {
        var organization = await _api.Admin().CreateOrganizationAsync();
        const string steps = "Open, click, see the error.";
        await _agent.SubmitTicketAsync(Api.Ticket(organization, "usage", "critical", "usage, first in"));
        await _agent.SubmitTicketAsync(Api.Ticket(organization, "bug", "low", "bug low", reproductionScenario: steps));
        await _agent.SubmitTicketAsync(Api.Ticket(organization, "other", "low", "other, third in"));
        await _agent.SubmitTicketAsync(Api.Ticket(organization, "bug", "critical", "bug critical", reproductionScenario: steps));
        await _agent.SubmitTicketAsync(Api.Ticket(organization, "feature", "high", "feature, last in"));

        var queue = await WaitForQueueAsync(5);

        Assert.That(queue.Select(i => i["subject"]!.GetValue<string>()), Is.EqualTo(new[]
        {
            "bug critical", "bug low", "usage, first in", "other, third in", "feature, last in",
        }));
    }

    [Test]
    public async Task Given_more_tickets_than_a_page_Then_the_cursor_walks_through_all_of_them_once_even_with_inserts_between_pages()
    {
        var organization = await _api.Admin().CreateOrganizationAsync();
        for (var i = 0; i < 5; i++)
        {
            await _agent.SubmitTicketAsync(Api.Ticket(organization, subject: $"ticket {i}"));
        }

        await WaitForQueueAsync(5);
        var seen = new List<string>();
        var first = await (await _agent.GetAsync("/api/v1/queue?limit=2")).ExpectAsync(HttpStatusCode.OK);
        seen.AddRange(first["items"]!.AsArray().Select(i => i!["subject"]!.GetValue<string>()));

        // A bug arriving meanwhile goes to the head of the queue, before the cursor: it must not shift the pages.
        await _agent.SubmitTicketAsync(Api.Ticket(organization, "bug", subject: "urgent bug", reproductionScenario: "steps"));
        await WaitForQueueAsync(6);

        var cursor = first["nextCursor"]!.GetValue<string>();
        while (cursor is not null)
        {
            var page = await (await _agent.GetAsync($"/api/v1/queue?limit=2&cursor={Uri.EscapeDataString(cursor)}")).ExpectAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["subject"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"ticket {i}")));
    }

    [Test]
    public async Task Given_a_queue_filter_Then_only_that_queue_is_listed()
    {
        var organization = await _api.Admin().CreateOrganizationAsync();
        await _agent.SubmitTicketAsync(Api.Ticket(organization, subject: "technical", queue: "technical-support"));
        await _agent.SubmitTicketAsync(Api.Ticket(organization, subject: "course", queue: "training"));
        await WaitForQueueAsync(2);

        var training = await (await _agent.GetAsync("/api/v1/queue?queue=training")).ExpectAsync(HttpStatusCode.OK);

        Assert.That(training["items"]!.AsArray().Select(i => i!["subject"]!.GetValue<string>()), Is.EqualTo(new[] { "course" }));
    }

    [Test]
    public async Task Given_a_partner_key_Then_the_work_queue_is_forbidden()
    {
        var organization = await _api.Admin().CreateOrganizationAsync();
        var partner = _api.ClientWithKey(await _api.Admin().CreateApiKeyAsync("partner", organization));

        var response = await partner.GetAsync("/api/v1/queue");

        await response.ExpectAsync(HttpStatusCode.Forbidden);
    }
}
