using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Triage.Tickets.Streaming;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets.Streaming;

/// <summary>
/// CT-1, CT-2: a ticket followed live over server-sent events. This host never polls (its poll interval
/// is an hour), so every change made through it arrives by the after-commit wake-up alone; the test
/// with a second host covers the poll.
/// </summary>
public sealed class TicketStreamTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private HttpClient _otherPartner = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Tickets:Stream:PollInterval"] = "01:00:00",
            ["Support:Tickets:Stream:HeartbeatInterval"] = "00:00:01",
        });
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
        var other = await admin.CreateOrganizationAsync("Customer Two");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _organization));
        _otherPartner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", other));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        _otherPartner.Dispose();
        await _api.DisposeAsync();
    }

    [Test] // CT-1, CT-2, TR-3
    public async Task Given_a_ticket_followed_live_Then_each_change_arrives_within_a_second_in_order_with_its_version_type_and_status()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await using var live = await LiveTicket.OpenAsync(_agent, id);

        var snapshot = await live.NextAsync(Second);
        await _agent.ChangeAsync(id, "assignment");
        var taken = await live.NextAsync(Second);
        await _agent.ChangeAsync(id, "waiting-on-customer", new { message = "Which version do you run?" });
        var waiting = await live.NextAsync(Second);
        await (await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Version 4.2" })).ExpectAsync(HttpStatusCode.Created);
        var replied = await live.NextAsync(Second);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Known issue in 4.2.", visibility = "internal" }))
            .ExpectAsync(HttpStatusCode.Created);
        var note = await live.NextAsync(Second);
        await _agent.ChangeAsync(id, "resolution", new { resolution = "solved", note = "Fixed by 4.3." });
        var resolved = await live.NextAsync(Second);

        Assert.Multiple(() =>
        {
            Assert.That(live.Response.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(snapshot.Type, Is.EqualTo("snapshot"));
            Assert.That(snapshot.Id, Is.EqualTo("1"), "the snapshot's id is the version it shows");
            Assert.That(snapshot.Data.Id(), Is.EqualTo(id));
            Assert.That(snapshot.Data.Text("status"), Is.EqualTo("new"));
            var changes = new[] { taken, waiting, replied, note, resolved };
            Assert.That(changes.Select(e => e.Id), Is.EqualTo(new[] { "2", "3", "4", "5", "6" }));
            Assert.That(changes.Select(e => e.Type),
                Is.EqualTo(new[] { "taken_in_charge", "awaiting_customer", "customer_replied", "message_added", "resolved" }));
            Assert.That(changes.Select(e => e.Data.Text("type")), Is.EqualTo(changes.Select(e => e.Type)));
            Assert.That(changes.Select(e => e.Data["version"]!.GetValue<long>()), Is.EqualTo(new long[] { 2, 3, 4, 5, 6 }));
            Assert.That(changes.Select(e => e.Status),
                Is.EqualTo(new[] { "in_progress", "waiting_on_customer", "in_progress", "in_progress", "resolved" }));
            Assert.That(taken.Data.Text("previousStatus"), Is.EqualTo("new"), "a status change shows as such");
            Assert.That(replied.Data.Text("previousStatus"), Is.EqualTo("waiting_on_customer"));
            Assert.That(note.Data.Text("previousStatus"), Is.EqualTo(note.Status), "a note leaves the status as it was");
            Assert.That(taken.Data["data"]!.Text("agentId"), Is.Not.Empty, "staff see who took it");
            Assert.That(waiting.Data["data"]!.Text("message"), Is.EqualTo("Which version do you run?"));
            Assert.That(note.Data["data"]!.Text("visibility"), Is.EqualTo("internal"), "staff see internal notes");
            Assert.That(resolved.Data["data"]!.Text("resolution"), Is.EqualTo("solved"));
            Assert.That(resolved.Data["at"], Is.Not.Null);
        });
    }

    [Test] // TR-7, NF-3
    public async Task Given_a_partner_following_a_ticket_Then_internal_notes_and_staff_details_never_reach_its_stream()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await using var live = await LiveTicket.OpenAsync(_partner, id);
        var snapshot = await live.NextAsync(Second);

        await _agent.ChangeAsync(id, "assignment");
        var taken = await live.NextAsync(Second);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Customer is on a pirated copy.", visibility = "internal" }))
            .ExpectAsync(HttpStatusCode.Created);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Please update to 4.3." })).ExpectAsync(HttpStatusCode.Created);
        var answer = await live.NextAsync(Second);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Data["assigneeId"], Is.Null, "the snapshot is the public view");
            Assert.That(taken.Data.Text("by"), Is.EqualTo("support"), "who on the support side stays internal (TR-3)");
            Assert.That(taken.Data["data"]!["agentId"], Is.Null);
            Assert.That(taken.Status, Is.EqualTo("in_progress"));
            Assert.That(answer.Id, Is.EqualTo("4"), "version 3, the internal note, is skipped");
            Assert.That(answer.Data["data"]!.Text("body"), Is.EqualTo("Please update to 4.3."));
            Assert.That(answer.Data.ToJsonString(), Does.Not.Contain("pirated"));
        });
    }

    [Test] // NF-3
    public async Task Given_a_partner_of_another_organisation_or_an_unknown_ticket_Then_the_answer_is_a_404_problem_and_no_stream()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        using var foreign = await LiveTicket.RequestAsync(_otherPartner, id);
        using var unknown = await LiveTicket.RequestAsync(_agent, Guid.NewGuid().ToString());
        var problem = await foreign.ExpectAsync(HttpStatusCode.NotFound);
        await unknown.ExpectAsync(HttpStatusCode.NotFound);

        Assert.Multiple(() =>
        {
            Assert.That(foreign.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.Text("type"), Does.EndWith("/not-found"));
        });
    }

    [Test] // CT-2: resuming after a disconnect loses nothing and repeats nothing
    public async Task Given_a_last_event_id_Then_the_stream_resumes_exactly_after_that_version()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "assignment");
        await _agent.ChangeAsync(id, "waiting-on-customer", new { message = "Which version?" });
        await (await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "4.2" })).ExpectAsync(HttpStatusCode.Created);

        await using var resumed = await LiveTicket.OpenAsync(_partner, id, lastEventId: "2");
        var missed = new[] { await resumed.NextAsync(Second), await resumed.NextAsync(Second) };
        await _agent.ChangeAsync(id, "resolution", new { resolution = "solved" });
        var next = await resumed.NextAsync(Second);
        await resumed.ExpectNothingAsync(TimeSpan.FromMilliseconds(300));

        await using var byQuery = await LiveTicket.OpenAsync(_partner, id, query: "?after=4");
        var afterFour = await byQuery.NextAsync(Second);
        await using var headerWins = await LiveTicket.OpenAsync(_partner, id, lastEventId: "5", query: "?after=1");
        await headerWins.ExpectNothingAsync(TimeSpan.FromMilliseconds(300));

        Assert.Multiple(() =>
        {
            Assert.That(missed.Select(e => (e.Id, e.Type)), Is.EqualTo(new[] { ("3", "awaiting_customer"), ("4", "customer_replied") }),
                "no snapshot when resuming, and nothing up to the given version");
            Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { "waiting_on_customer", "in_progress" }), "replayed changes carry their own status");
            Assert.That((next.Id, next.Type, next.Status), Is.EqualTo(("5", "resolved", "resolved")));
            Assert.That((afterFour.Id, afterFour.Type), Is.EqualTo(("5", "resolved")));
        });
    }

    [Test]
    public async Task Given_a_position_that_is_not_a_version_of_the_ticket_Then_the_answer_is_400_naming_it()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        using var notANumber = await LiveTicket.RequestAsync(_partner, id, lastEventId: "yesterday");
        using var beyond = await LiveTicket.RequestAsync(_partner, id, query: "?after=7");
        var notANumberProblem = await notANumber.ExpectAsync(HttpStatusCode.BadRequest);
        var beyondProblem = await beyond.ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(notANumberProblem["errors"]!["Last-Event-ID"], Is.Not.Null);
            Assert.That(beyondProblem["errors"]!["after"]!.ToJsonString(), Does.Contain("from 0 to 1"));
        });
    }

    [Test] // CT-2 across instances: the commit happens on another host, whose after-commit wake-up this host never sees
    public async Task Given_a_change_committed_through_another_host_Then_it_reaches_a_stream_opened_on_this_one_within_a_second()
    {
        // The host that streams polls at the default interval; the fixture's host, where the changes are made, never polls.
        await using var streaming = new SupportApiFactory(_api.ConnectionString);
        using var agentThere = streaming.ClientWithKey(await _api.Admin().CreateApiKeyAsync("agent"));
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await using var live = await LiveTicket.OpenAsync(agentThere, id);
        await live.NextAsync(TimeSpan.FromSeconds(5));

        var clock = Stopwatch.StartNew();
        await _agent.ChangeAsync(id, "assignment");
        var committed = clock.Elapsed;
        var taken = await live.NextAsync(Second);
        var arrived = clock.Elapsed;
        await _agent.ChangeAsync(id, "resolution", new { resolution = "solved" });
        var resolved = await live.NextAsync(Second);

        Assert.Multiple(() =>
        {
            Assert.That((taken.Id, taken.Type, taken.Status), Is.EqualTo(("2", "taken_in_charge", "in_progress")));
            Assert.That((resolved.Id, resolved.Type, resolved.Status), Is.EqualTo(("3", "resolved", "resolved")));
            Assert.That(arrived - committed, Is.LessThan(Second));
        });
    }

    [Test] // a restart or a rolling deployment: the client reconnects, with Last-Event-ID, to an instance still up
    public async Task Given_the_host_stopping_Then_its_open_streams_end_cleanly_and_do_not_hold_it_up()
    {
        var host = new SupportApiFactory(_api.ConnectionString);
        using var agentThere = host.ClientWithKey(await _api.Admin().CreateApiKeyAsync("agent"));
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await using var live = await LiveTicket.OpenAsync(agentThere, id);
        await live.NextAsync(TimeSpan.FromSeconds(5));

        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(await live.EndsAsync(TimeSpan.FromSeconds(5)), Is.True, "the response completes instead of staying open");
    }

    [Test] // proxies drop silent connections
    public async Task Given_a_silent_stream_Then_it_sends_a_keep_alive_comment()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        using var response = await LiveTicket.RequestAsync(_partner, id);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var lines = new List<string>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!lines.Contains(": keep-alive"))
        {
            lines.Add(await reader.ReadLineAsync(patience.Token) ?? throw new AssertionException("the stream ended"));
        }

        Assert.That(lines, Does.Contain("event: snapshot"));
    }

    [Test] // resources: a closed stream stops being woken and polled for
    public async Task Given_a_client_that_goes_away_Then_the_stream_ends_and_stops_watching_the_ticket()
    {
        var notifier = _api.Services.GetRequiredService<TicketChangeNotifier>();
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        var live = await LiveTicket.OpenAsync(_partner, id);
        await live.NextAsync(Second);
        var watchedWhileOpen = notifier.WatchedTickets().Select(t => t.ToString()).ToList();

        await live.DisposeAsync();
        await Eventually.TrueAsync(
            () => Task.FromResult(!notifier.WatchedTickets().Select(t => t.ToString()).Contains(id)), TimeSpan.FromSeconds(5), "the stream to stop watching");

        Assert.That(watchedWhileOpen, Does.Contain(id));
    }

    [Test] // the contract partners generate clients from
    public async Task Given_the_openapi_document_Then_the_stream_is_declared_as_text_event_stream_with_its_event_format()
    {
        var document = await (await _api.ClientWithKey(null).GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var operation = document["paths"]!["/api/v1/tickets/{id}/stream"]!["get"]!;
        var ok = operation["responses"]!["200"]!;

        Assert.Multiple(() =>
        {
            Assert.That(ok["content"]!.AsObject().Select(c => c.Key), Is.EqualTo(new[] { "text/event-stream" }));
            Assert.That(ok["content"]!["text/event-stream"]!["schema"]!.Text("type"), Is.EqualTo("string"));
            Assert.That(ok.Text("description"), Does.Contain("Last-Event-ID").Or.Contain("snapshot"));
            Assert.That(operation["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "400", "401", "403", "404" }));
            Assert.That(operation["parameters"]!.AsArray().Select(p => p!.Text("name")), Is.SupersetOf(new[] { "after", "Last-Event-ID" }));
        });
    }
}
