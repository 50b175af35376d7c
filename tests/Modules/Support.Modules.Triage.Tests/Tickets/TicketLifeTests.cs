using System.Net;
using System.Net.Http.Json;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>A ticket's whole life through the API, as agents and partners run it.</summary>
public sealed class TicketLifeTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
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

    [Test] // TR-2, TR-3, TR-4, TR-5, TR-6, TR-7
    public async Task Given_a_usage_ticket_Then_an_agent_runs_it_from_submission_to_closure_and_its_history_tells_every_step()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var taken = await _agent.ChangeAsync(id, "assignment");
        var waiting = await _agent.ChangeAsync(id, "waiting-on-customer", new { message = "Which version do you run?" });
        var reply = await (await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Version 4.2" })).ExpectAsync(HttpStatusCode.Created);
        var afterReply = await _agent.GetTicketAsync(id);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Known issue in 4.2, see KB-12.", visibility = "internal" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Please update to 4.3." })).ExpectAsync(HttpStatusCode.Created);
        var resolved = await _agent.ChangeAsync(id, "resolution", new { resolution = "solved", note = "Fixed by 4.3." });
        var closed = await _agent.ChangeAsync(id, "close");
        var history = await _agent.HistoryAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(taken.Text("status"), Is.EqualTo("in_progress"));
            Assert.That(taken.Text("assigneeId"), Is.Not.Empty);
            Assert.That(waiting.Text("status"), Is.EqualTo("waiting_on_customer"));
            Assert.That(reply.Text("author"), Is.EqualTo("requester"));
            Assert.That(afterReply.Text("status"), Is.EqualTo("in_progress"), "the requester's reply puts the ticket back in progress (TR-4)");
            Assert.That(resolved.Text("status"), Is.EqualTo("resolved"));
            Assert.That(resolved.Text("resolution"), Is.EqualTo("solved"));
            Assert.That(closed.Text("status"), Is.EqualTo("closed"));
            Assert.That(closed.Text("resolution"), Is.EqualTo("solved"), "closing keeps the resolution (TR-5)");
            Assert.That(closed["version"]!.GetValue<int>(), Is.EqualTo(8));
            Assert.That(history.Select(e => e.Text("type")), Is.EqualTo(new[]
            {
                "submitted", "taken_in_charge", "awaiting_customer", "customer_replied", "message_added", "message_added", "resolved", "closed",
            }));
            Assert.That(history.Select(e => e["version"]!.GetValue<long>()), Is.Ordered.Ascending);
            Assert.That(history, Has.All.Matches<System.Text.Json.Nodes.JsonNode>(e => e != null && e.Text("by").Length > 0 && e["at"] != null));
        });
    }

    [Test] // TR-1, TR-2, TR-5
    public async Task Given_a_bug_Then_it_heads_the_queue_and_is_run_to_closure_with_a_category_correction_on_the_way()
    {
        await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: "An older usage question"));
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization, category: "bug", subject: "Export crashes",
            reproductionScenario: "Open the report, click Export: error 500 instead of a PDF."))).Id();
        var queue = await (await _agent.GetAsync("/api/v1/queue?limit=200")).ExpectAsync(HttpStatusCode.OK);

        await _agent.ChangeAsync(id, "assignment");
        var corrected = await _agent.ChangeAsync(id, "category", new { category = "usage", reason = "Works as designed: the export needs a date range." });
        var queueAfter = await (await _agent.GetAsync("/api/v1/queue?limit=200")).ExpectAsync(HttpStatusCode.OK);
        await _agent.ChangeAsync(id, "resolution", new { resolution = "solved", note = "Pick a date range before exporting." });
        var closed = await _agent.ChangeAsync(id, "close");
        var staffHistory = await _agent.HistoryAsync(id);
        var partnerHistory = await _partner.HistoryAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(queue["items"]![0]!.Id(), Is.EqualTo(id), "bugs first (TR-1)");
            Assert.That(corrected.Text("category"), Is.EqualTo("usage"));
            Assert.That(queueAfter["items"]!.AsArray().Select(i => i!.Id()).First(), Is.Not.EqualTo(id), "the corrected ticket leaves the bug band");
            Assert.That(closed.Text("status"), Is.EqualTo("closed"));
            var correction = staffHistory.Single(e => e.Text("type") == "category_corrected");
            Assert.That(correction["data"]!["reason"]!.GetValue<string>(), Does.StartWith("Works as designed"));
            Assert.That(correction["data"]!["from"]!.GetValue<string>(), Is.EqualTo("bug"));
            var publicCorrection = partnerHistory.Single(e => e.Text("type") == "category_corrected");
            Assert.That(publicCorrection["data"]!["reason"], Is.Null, "the reason is internal");
            Assert.That(publicCorrection.Text("by"), Is.EqualTo("support"), "who on the support side stays internal (TR-3)");
        });
    }

    [Test] // TR-3
    public async Task Given_a_change_the_status_does_not_allow_Then_the_answer_is_409_naming_the_allowed_transitions()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var problem = await _agent.ChangeAsync(id, "close", expected: HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(problem.Text("type"), Does.EndWith("/transition-not-allowed"));
            Assert.That(problem.Text("detail"), Does.Contain("From new a ticket can move to: in_progress, waiting_on_customer"));
            Assert.That(problem["allowedTransitions"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("resolved"));
            Assert.That(problem.Text("currentStatus"), Is.EqualTo("new"));
        });
    }

    [Test] // TR-3: nothing but the status table decides, whatever the action
    public async Task Given_a_closed_ticket_Then_it_takes_no_message_no_assignment_and_no_category_change()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "resolution", new { resolution = "withdrawn" });
        await _agent.ChangeAsync(id, "close");

        var message = await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Hello?" });
        await _agent.ChangeAsync(id, "assignment", expected: HttpStatusCode.Conflict);
        await _agent.ChangeAsync(id, "category", new { category = "other", reason = "x" }, HttpStatusCode.Conflict);
        var stillReadable = await _partner.GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(message.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(stillReadable.Text("status"), Is.EqualTo("closed"), "closed tickets stay readable (TR-6)");
            Assert.That(stillReadable.Text("resolution"), Is.EqualTo("withdrawn"));
        });
    }

    [Test] // TR-5: the customer sees a refusal as a refusal
    public async Task Given_a_declined_request_Then_the_partner_sees_declined_and_the_note_never_a_bare_resolved()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization, category: "other", subject: "Custom report for us"))).Id();

        await _agent.ChangeAsync(id, "resolution", new { resolution = "declined", note = "We cannot build per-customer reports." });
        var seen = await _partner.GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(seen.Text("status"), Is.EqualTo("resolved"));
            Assert.That(seen.Text("resolution"), Is.EqualTo("declined"));
            Assert.That(seen.Text("resolutionNote"), Is.EqualTo("We cannot build per-customer reports."));
        });
    }

    [Test] // TR-5
    public async Task Given_a_bad_resolution_Then_the_answer_is_400_naming_the_field()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var noReply = await _agent.ChangeAsync(id, "resolution", new { resolution = "no_reply" }, HttpStatusCode.BadRequest);
        var duplicateOfNothing = await _agent.ChangeAsync(id, "resolution", new { resolution = "duplicate" }, HttpStatusCode.BadRequest);
        var unknownOriginal = await _agent.ChangeAsync(id, "resolution", new { resolution = "duplicate", duplicateOf = Guid.NewGuid() },
            HttpStatusCode.UnprocessableEntity);
        var unchanged = await _agent.GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(noReply["errors"]!["resolution"], Is.Not.Null);
            Assert.That(duplicateOfNothing["errors"]!["duplicateOf"], Is.Not.Null);
            Assert.That(unknownOriginal["errors"]!["duplicateOf"], Is.Not.Null);
            Assert.That(unchanged.Text("status"), Is.EqualTo("new"), "no partial write");
            Assert.That(unchanged["version"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test] // TR-5: duplicates keep their history on both tickets
    public async Task Given_a_duplicate_Then_both_tickets_know_about_each_other()
    {
        var original = (await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: "Login fails"))).Id();
        var duplicate = (await _partner.SubmitTicketAsync(Api.Ticket(_organization, subject: "Cannot log in"))).Id();

        var resolved = await _agent.ChangeAsync(duplicate, "resolution", new { resolution = "duplicate", duplicateOf = original });
        var originalNow = await _agent.GetTicketAsync(original);
        var originalHistory = await _partner.HistoryAsync(original);

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Text("resolution"), Is.EqualTo("duplicate"));
            Assert.That(resolved.Text("duplicateOf"), Is.EqualTo(original));
            Assert.That(originalNow["duplicates"]!.AsArray().Select(d => d!.GetValue<string>()), Is.EqualTo(new[] { duplicate }));
            Assert.That(originalNow.Text("status"), Is.EqualTo("new"), "the original carries on");
            Assert.That(originalHistory.Last().Text("type"), Is.EqualTo("duplicate_linked"));
        });
    }

    [Test] // NF-2, API contract: If-Match
    public async Task Given_a_stale_if_match_Then_the_change_is_refused_with_412_and_nothing_changes()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "assignment");

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{id}/resolution")
        {
            Content = JsonContent.Create(new { resolution = "solved" }, options: Api.Json),
        };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        var refused = await _agent.SendAsync(stale);
        var problem = await refused.ExpectAsync(HttpStatusCode.PreconditionFailed);

        using var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{id}/resolution")
        {
            Content = JsonContent.Create(new { resolution = "solved" }, options: Api.Json),
        };
        fresh.Headers.IfMatch.ParseAdd("\"2\"");
        var accepted = await _agent.SendAsync(fresh);
        var body = await accepted.ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(problem["currentVersion"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body.Text("status"), Is.EqualTo("resolved"));
            Assert.That(accepted.Headers.ETag?.Tag, Is.EqualTo("\"3\""));
        });
    }

    [Test] // NF-2: two agents at once, one wins, the other is told, the stream stays consistent
    public async Task Given_concurrent_changes_Then_each_is_applied_once_or_refused_and_the_version_counts_them()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = $"note {i}", visibility = "internal" })));
        var created = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        var ticket = await _agent.GetTicketAsync(id);
        var messages = await _agent.MessagesAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.StatusCode), Has.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.Conflict));
            Assert.That(created, Is.GreaterThanOrEqualTo(1));
            Assert.That(messages, Has.Count.EqualTo(created));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(1 + created));
        });
    }

    [Test] // TR-2
    public async Task Given_an_agent_id_Then_the_ticket_is_assigned_to_that_agent_and_an_unknown_one_is_refused()
    {
        var admin = _api.Admin();
        var otherAgent = await (await admin.PostJsonAsync("/api/v1/api-keys", new { name = "Bob", role = "agent" })).ExpectAsync(HttpStatusCode.Created);
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        var assigned = await _agent.ChangeAsync(id, "assignment", new { agentId = otherAgent.Id() });
        var unknown = await _agent.ChangeAsync(id, "assignment", new { agentId = Guid.NewGuid().ToString() }, HttpStatusCode.UnprocessableEntity);
        var mine = await (await _api.ClientWithKey(otherAgent.Text("key")).GetAsync("/api/v1/queue?assignee=me")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(assigned.Text("assigneeId"), Is.EqualTo(otherAgent.Id()));
            Assert.That(unknown["errors"]!["agentId"], Is.Not.Null);
            Assert.That(mine["items"]!.AsArray().Select(i => i!.Id()), Does.Contain(id));
        });
    }
}
