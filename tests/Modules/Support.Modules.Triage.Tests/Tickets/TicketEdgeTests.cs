using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>The edges of the ticket API: bad input, retries, races, paging, links across organisations.</summary>
public sealed class TicketEdgeTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _organization = null!;
    private string _otherOrganization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
        _otherOrganization = await admin.CreateOrganizationAsync("Customer Two");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _organization));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        await _api.DisposeAsync();
    }

    [Test] // NF-1: text PostgreSQL cannot hold is bad input, not a 500, and nothing is written
    public async Task Given_a_nul_character_in_a_field_or_a_cursor_Then_the_answer_is_400_and_nothing_changes()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var submit = await _agent.PostJsonAsync("/api/v1/tickets", Api.Ticket(_organization, subject: "a\u0000b"));
        var message = await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "x\u0000y" });
        var cursor = await _agent.GetAsync("/api/v1/tickets?cursor=AA");
        var queue = await _agent.GetAsync("/api/v1/queue?queue=%00");
        var ticket = await _agent.GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { submit.StatusCode, message.StatusCode, cursor.StatusCode, queue.StatusCode }, Has.All.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test] // NF-3: a duplicate link would show one organisation another's tickets
    public async Task Given_a_duplicate_of_another_organisations_ticket_Then_it_is_refused_with_422()
    {
        var theirs = (await _agent.SubmitTicketAsync(Api.Ticket(_otherOrganization))).Id();
        var mine = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var problem = await _agent.ChangeAsync(mine, "resolution", new { resolution = "duplicate", duplicateOf = theirs }, HttpStatusCode.UnprocessableEntity);

        Assert.That(problem["errors"]!["duplicateOf"]![0]!.GetValue<string>(), Does.Contain("same organisation"));
    }

    [Test] // TR-5, NF-2: two duplicates of one original at once never lose a link
    public async Task Given_duplicates_resolved_at_the_same_time_Then_the_original_lists_every_link_its_history_records()
    {
        var original = (await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: "Original"))).Id();
        var duplicates = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            duplicates.Add((await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: $"Same {i}"))).Id());
        }

        var answers = await Task.WhenAll(duplicates.Select(d =>
            _agent.PostJsonAsync($"/api/v1/tickets/{d}/resolution", new { resolution = "duplicate", duplicateOf = original })));
        var ticket = await _agent.GetTicketAsync(original);
        var linked = (await _agent.HistoryAsync(original)).Count(e => e.Text("type") == "duplicate_linked");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Has.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict));
            Assert.That(ticket["duplicates"]!.AsArray(), Has.Count.EqualTo(linked));
            Assert.That(linked, Is.EqualTo(answers.Count(a => a.StatusCode == HttpStatusCode.OK)));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(1 + linked));
        });
    }

    [Test] // IN-7 on tickets: a retried submission and a retried reply are not doubled
    public async Task Given_the_same_idempotency_key_twice_Then_one_ticket_and_one_reply_are_written_and_the_first_answer_is_replayed()
    {
        var key = Guid.NewGuid().ToString();
        var body = Api.Ticket(_organization, subject: $"Retried {key}");
        var first = await SendWithKeyAsync(_partner, "/api/v1/tickets", body, key);
        var second = await SendWithKeyAsync(_partner, "/api/v1/tickets", body, key);
        var id = (await first.ExpectAsync(HttpStatusCode.Created)).Id();

        var replyKey = Guid.NewGuid().ToString();
        await SendWithKeyAsync(_partner, $"/api/v1/tickets/{id}/messages", new { body = "Any news?" }, replyKey);
        await SendWithKeyAsync(_partner, $"/api/v1/tickets/{id}/messages", new { body = "Any news?" }, replyKey);
        var list = await (await _agent.GetAsync($"/api/v1/tickets?organizationId={_organization}&limit=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            Assert.That((await second.ExpectAsync(HttpStatusCode.Created)).Id(), Is.EqualTo(id));
            Assert.That(second.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
            Assert.That(list["items"]!.AsArray().Count(t => t!.Text("subject") == $"Retried {key}"), Is.EqualTo(1));
            Assert.That(await _agent.MessagesAsync(id), Has.Count.EqualTo(1));
        });
    }

    private static Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Api.Json) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    [Test] // NF-4 and the list contract: the history pages with its cursor
    public async Task Given_a_long_history_Then_small_pages_walk_through_it_once_in_order()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        for (var i = 0; i < 4; i++)
        {
            await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = $"m{i}" })).ExpectAsync(HttpStatusCode.Created);
        }

        var versions = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await _agent.GetAsync($"/api/v1/tickets/{id}/history?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).ExpectAsync(HttpStatusCode.OK);
            versions.AddRange(page["items"]!.AsArray().Select(e => e!["version"]!.GetValue<long>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        var foreignCursor = await _agent.GetAsync($"/api/v1/tickets/{id}/messages?cursor={Convert.ToBase64String("nope"u8.ToArray()).TrimEnd('=')}");

        Assert.Multiple(() =>
        {
            Assert.That(versions, Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
            Assert.That(foreignCursor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test] // TR-1 filters
    public async Task Given_category_and_status_filters_Then_the_queue_holds_only_matching_open_tickets()
    {
        var organization = await _api.Admin().CreateOrganizationAsync("Filtered queue");
        var waiting = (await _agent.SubmitTicketAsync(Api.Ticket(organization, category: "chat"))).Id();
        await _agent.ChangeAsync(waiting, "waiting-on-customer", new { message = "More?" });
        var fresh = (await _agent.SubmitTicketAsync(Api.Ticket(organization, category: "chat"))).Id();

        async Task<List<string>> QueueAsync(string query) =>
            (await (await _agent.GetAsync($"/api/v1/queue?limit=200&{query}")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Select(i => i!.Id()).Where(i => i == waiting || i == fresh).ToList();

        var chats = await QueueAsync("category=chat");
        var waitingOnly = await QueueAsync("status=waiting_on_customer");
        var bad = await _agent.GetAsync("/api/v1/queue?status=pending");

        Assert.Multiple(async () =>
        {
            Assert.That(chats, Is.EquivalentTo(new[] { waiting, fresh }));
            Assert.That(waitingOnly, Is.EqualTo(new[] { waiting }));
            Assert.That((await bad.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["status"], Is.Not.Null);
        });
    }

    [Test] // TR-2: an agent id is one spelling, whatever the caller typed
    public async Task Given_an_agent_id_in_upper_case_Then_the_assignment_matches_that_agents_queue()
    {
        var other = await (await _api.Admin().PostJsonAsync("/api/v1/api-keys", new { name = "Carol", role = "agent" })).ExpectAsync(HttpStatusCode.Created);
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var assigned = await _agent.ChangeAsync(id, "assignment", new { agentId = other.Id().ToUpperInvariant() });

        Assert.That(assigned.Text("assigneeId"), Is.EqualTo(other.Id()));
    }

    [Test] // TR-3: partners see who acted as support or requester, rightly
    public async Task Given_an_agent_reopens_Then_the_public_history_says_support_did()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "resolution", new { resolution = "solved" });

        await _agent.ChangeAsync(id, "reopen", new { reason = "Found another case." });
        var history = await _partner.HistoryAsync(id);

        Assert.That(history.Last().Text("by"), Is.EqualTo("support"));
    }
}
