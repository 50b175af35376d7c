using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Escalation.Tests;

/// <summary>Bugs: reproduced by support, escalated to development, fixed, confirmed by the customer (ES-1..ES-4).</summary>
public sealed class DevelopmentEscalationTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;
    private HttpClient _developer = null!;
    private readonly Dictionary<string, HttpClient> _partners = [];
    private readonly Dictionary<string, string> _organizations = [];

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        _developer = _api.ClientWithKey(await _admin.CreateApiKeyAsync("developer"));
        foreach (var name in new[] { "Alpha", "Bravo", "Charlie" })
        {
            _organizations[name] = await _admin.CreateOrganizationAsync(name);
            _partners[name] = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", _organizations[name]));
        }
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        foreach (var partner in _partners.Values)
        {
            partner.Dispose();
        }

        _agent.Dispose();
        _developer.Dispose();
        _admin.Dispose();

        await _api.DisposeAsync();
    }

    [Test] // ES-1
    public async Task Given_a_bug_support_cannot_reproduce_Then_it_is_recorded_not_escalated_and_the_customer_is_asked_for_more()
    {
        var id = await _partners["Alpha"].SubmitBugAsync(_organizations["Alpha"]);
        await _agent.TicketActionAsync(id, "assignment");

        var attempt = await _agent.TicketActionAsync(id, "reproduction", new { reproduced = false, notes = "Export works on 4.2 with the demo data." });
        var refused = await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Conflict);
        var asked = await _agent.TicketActionAsync(id, "waiting-on-customer", new { message = "Could you send us the report's settings?" });
        var staffHistory = await Eventually.ValueAsync(async () =>
        {
            var history = await _agent.HistoryAsync(id);
            return history.Any(e => e.Text("type") == "reproduction_recorded") ? history : null;
        });
        var partnerHistory = await _partners["Alpha"].HistoryAsync(id);
        var partnerView = await _partners["Alpha"].GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(attempt["reproduced"]!.GetValue<bool>(), Is.False);
            Assert.That(attempt["reproductions"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(refused.Text("detail"), Does.Contain("did not reproduce"));
            Assert.That(asked.Text("status"), Is.EqualTo("waiting_on_customer"));
            var staffEntry = staffHistory.Single(e => e.Text("type") == "reproduction_recorded");
            Assert.That(staffEntry["data"]!["notes"]!.GetValue<string>(), Does.Contain("demo data"));
            var partnerEntry = partnerHistory.Single(e => e.Text("type") == "reproduction_recorded");
            Assert.That(partnerEntry["data"]!["reproduced"]!.GetValue<bool>(), Is.False);
            Assert.That(partnerEntry["data"]!["notes"], Is.Null, "support's notes stay inside (TR-7)");
            Assert.That(partnerView["reproduced"], Is.Null);
        });
    }

    [Test] // ES-2, ES-3
    public async Task Given_one_bug_reported_by_three_organisations_Then_one_development_issue_holds_them_and_its_fix_comes_back_to_each()
    {
        var tickets = new Dictionary<string, string>();
        foreach (var (name, partner) in _partners)
        {
            tickets[name] = await partner.SubmitBugAsync(_organizations[name], subject: $"Export crashes for {name}", email: $"it@{name.ToLowerInvariant()}.example");
            await _agent.TicketActionAsync(tickets[name], "assignment");
            await _agent.TicketActionAsync(tickets[name], "reproduction", new { reproduced = true, notes = $"Reproduced with {name}'s data." });
        }

        var opened = await _agent.TicketActionAsync(tickets["Alpha"], "escalation", new { title = "Export fails on reports over 10 pages" }, HttpStatusCode.Created);
        var issueId = opened.Id();
        await _agent.TicketActionAsync(tickets["Bravo"], "escalation", new { developmentIssueId = issueId });
        var linked = await _agent.TicketActionAsync(tickets["Charlie"], "escalation", new { developmentIssueId = issueId });
        var waiting = new List<JsonNode>();
        foreach (var id in tickets.Values)
        {
            waiting.Add(await _agent.TicketInStatusAsync(id, "waiting_on_development"));
        }

        var listed = (await _developer.GetJsonAsync("/api/v1/development/issues?status=open"))["items"]!.AsArray().Single(i => i!.Id() == issueId)!;
        var deployed = await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "4.3.0" }, HttpStatusCode.OK);
        var toConfirm = new Dictionary<string, JsonNode>();
        foreach (var (name, id) in tickets)
        {
            toConfirm[name] = await _agent.TicketInStatusAsync(id, "in_progress");
        }

        var queue = (await _agent.GetJsonAsync("/api/v1/queue?category=bug&limit=200"))["items"]!.AsArray();

        // Alpha's customer confirms, Bravo's does not: Bravo goes back, the issue reopens.
        var confirmed = await _partners["Alpha"].TicketActionAsync(tickets["Alpha"], "fix-confirmation", new { @fixed = true, comment = "Works now, thanks." });
        await _agent.TicketActionAsync(tickets["Bravo"], "fix-confirmation", new { @fixed = false, comment = "Still fails with 12-page reports." });
        var alpha = await _partners["Alpha"].TicketInStatusAsync(tickets["Alpha"], "resolved");
        var bravo = await _agent.TicketInStatusAsync(tickets["Bravo"], "waiting_on_development");
        var issue = await _developer.GetJsonAsync($"/api/v1/development/issues/{issueId}");
        var charlie = await _agent.GetTicketAsync(tickets["Charlie"]);
        var alphaHistory = await _partners["Alpha"].HistoryAsync(tickets["Alpha"]);

        Assert.Multiple(() =>
        {
            Assert.That(opened.Text("number"), Does.StartWith("DEV-"));
            Assert.That(opened.Text("title"), Is.EqualTo("Export fails on reports over 10 pages"));
            Assert.That(opened.Text("reproductionScenario"), Does.Contain("click Export"));
            Assert.That(linked.Id(), Is.EqualTo(issueId));
            Assert.That(waiting.Select(t => t["developmentIssueId"]!.GetValue<string>()), Has.All.EqualTo(issueId));
            Assert.That(listed["organizations"]!.GetValue<int>(), Is.EqualTo(3), "one issue, three organisations (ES-2)");
            Assert.That(listed["tickets"]!.AsArray().Select(t => t!.Text("reproductionNotes")), Has.All.StartWith("Reproduced with"));
            Assert.That(deployed.Text("status"), Is.EqualTo("fix_deployed"));
            Assert.That(deployed.Text("fixedIn"), Is.EqualTo("4.3.0"));
            Assert.That(toConfirm.Values.Select(t => t.Text("fixToConfirm")), Has.All.EqualTo("4.3.0"), "every linked ticket comes back to confirm the fix (ES-3)");
            Assert.That(queue.Where(e => tickets.ContainsValue(e!.Id())).Select(e => e!["fixToConfirm"]?.GetValue<string>()), Has.All.EqualTo("4.3.0"),
                "the queue shows which tickets have a fix to confirm");
            Assert.That(confirmed["fixToConfirm"], Is.Null);
            Assert.That(alpha.Text("resolution"), Is.EqualTo("solved"));
            Assert.That(alpha.Text("resolutionNote"), Is.EqualTo("Works now, thanks."));
            Assert.That(bravo["fixToConfirm"], Is.Null);
            Assert.That(issue.Text("status"), Is.EqualTo("open"), "not fixed for one customer: development takes it up again");
            Assert.That(issue["entries"]!.AsArray().Select(e => e!.Text("type")),
                Is.EqualTo(new[] { "opened", "ticket_linked", "ticket_linked", "fix_deployed", "fix_confirmed", "not_fixed" }));
            Assert.That(issue["entries"]!.AsArray().Last()!.Text("text"), Is.EqualTo("Still fails with 12-page reports."));
            Assert.That(issue["tickets"]!.AsArray().Select(t => t!.Text("state")), Is.EquivalentTo(new[] { "fixed", "waiting_on_development", "fix_to_confirm" }));
            Assert.That(charlie.Text("fixToConfirm"), Is.EqualTo("4.3.0"));
            Assert.That(alphaHistory.Select(e => e.Text("type")), Is.SupersetOf(new[] { "reproduction_recorded", "escalated_to_development", "fix_deployed", "fix_confirmation" }));
            Assert.That(alphaHistory.Single(e => e.Text("type") == "escalated_to_development")["data"]!["developmentIssueId"], Is.Null,
                "partners do not see development's internals");
        });
    }

    [Test] // ES-3
    public async Task Given_a_fix_that_did_not_work_Then_the_next_fix_brings_the_ticket_back_again()
    {
        var id = await _partners["Bravo"].SubmitBugAsync(_organizations["Bravo"], subject: "Totals are wrong");
        await _agent.TicketActionAsync(id, "reproduction", new { reproduced = true });
        var issueId = (await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Created)).Id();
        await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "5.0" }, HttpStatusCode.OK);
        await _agent.TicketInStatusAsync(id, "in_progress");
        await _partners["Bravo"].TicketActionAsync(id, "fix-confirmation", new { @fixed = false, comment = "Totals still off by one." });
        await _agent.TicketInStatusAsync(id, "waiting_on_development");

        await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "5.0.1" }, HttpStatusCode.OK);
        var back = await Eventually.ValueAsync(async () =>
        {
            var ticket = await _agent.GetTicketAsync(id);
            return ticket["fixToConfirm"]?.GetValue<string>() == "5.0.1" ? ticket : null;
        });
        await _partners["Bravo"].TicketActionAsync(id, "fix-confirmation", new { @fixed = true });
        var solved = await _agent.TicketInStatusAsync(id, "resolved");

        Assert.Multiple(() =>
        {
            Assert.That(back.Text("status"), Is.EqualTo("in_progress"));
            Assert.That(solved.Text("resolution"), Is.EqualTo("solved"));
            Assert.That(solved.Text("resolutionNote"), Is.EqualTo("Fixed in 5.0.1."));
        });
    }

    [TestCase("usage")]
    [TestCase("chat")]
    [TestCase("other")]
    public async Task Given_a_ticket_support_handles_directly_Then_no_escalation_is_offered_and_the_refusal_says_why(string category) // ES-4
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organizations["Alpha"], category: category))).Id();

        var reproduction = await _agent.TicketActionAsync(id, "reproduction", new { reproduced = true }, HttpStatusCode.Conflict);
        var escalation = await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Conflict);
        var product = await _agent.TicketActionAsync(id, "product-suggestion", expected: HttpStatusCode.Conflict);
        var ticket = await _agent.GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(escalation.Text("detail"), Does.Contain("handled by support directly").And.Contain("correct its category"));
            Assert.That(escalation.Text("category"), Is.EqualTo(category));
            Assert.That(reproduction.Text("detail"), Does.Contain("handled by support directly"));
            Assert.That(product.Text("detail"), Does.Contain("handled by support directly"));
            Assert.That(ticket.Text("status"), Is.EqualTo("new"), "a refusal changes nothing");
        });
    }

    [Test] // ES-4
    public async Task Given_a_feature_request_Then_escalating_it_to_development_points_to_the_product_team()
    {
        var id = await _agent.SubmitFeatureAsync(_organizations["Alpha"]);

        var refused = await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Conflict);

        Assert.That(refused.Text("detail"), Does.Contain("product-suggestion"));
    }

    [Test] // ES-2
    public async Task Given_a_bug_already_with_development_Then_escalating_it_again_is_a_conflict_naming_its_issue()
    {
        var id = await _agent.SubmitBugAsync(_organizations["Charlie"], subject: "Login loops");
        await _agent.TicketActionAsync(id, "reproduction", new { reproduced = true });
        var issue = await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Created);

        var again = await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Conflict);
        var unreproduced = await _agent.TicketActionAsync(
            await _agent.SubmitBugAsync(_organizations["Charlie"]), "escalation", new { developmentIssueId = Guid.NewGuid() }, HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(again.Text("developmentIssueNumber"), Is.EqualTo(issue.Text("number")));
            Assert.That(unreproduced.Text("detail"), Does.Contain("reproduction"), "the reproduction comes first (ES-1)");
        });
    }

    [Test] // ES-2
    public async Task Given_an_unknown_development_issue_Then_linking_to_it_is_a_422_naming_the_field()
    {
        var id = await _agent.SubmitBugAsync(_organizations["Charlie"], subject: "Print preview blank");
        await _agent.TicketActionAsync(id, "reproduction", new { reproduced = true });

        var refused = await _agent.TicketActionAsync(id, "escalation", new { developmentIssueId = Guid.NewGuid() }, HttpStatusCode.UnprocessableEntity);

        Assert.That(refused["errors"]!["developmentIssueId"], Is.Not.Null);
    }

    [Test] // ES-3, NF-3
    public async Task Given_roles_Then_each_does_only_its_part_and_partners_only_for_their_organisations()
    {
        var id = await _partners["Alpha"].SubmitBugAsync(_organizations["Alpha"], subject: "Roles check");
        await _agent.TicketActionAsync(id, "reproduction", new { reproduced = true });
        var issueId = (await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Created)).Id();

        var statuses = new[]
        {
            (await _partners["Alpha"].PostJsonAsync($"/api/v1/tickets/{id}/escalation", new { })).StatusCode,
            (await _developer.PostJsonAsync($"/api/v1/tickets/{id}/reproduction", new { reproduced = true })).StatusCode,
            (await _agent.PostJsonAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "1" })).StatusCode,
            (await _partners["Alpha"].GetAsync($"/api/v1/development/issues/{issueId}")).StatusCode,
            (await _partners["Bravo"].PostJsonAsync($"/api/v1/tickets/{id}/fix-confirmation", new { @fixed = true })).StatusCode,
            (await _agent.GetAsync($"/api/v1/development/issues/{issueId}")).StatusCode,
            (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/fix-confirmation", new { @fixed = true })).StatusCode,
            (await _developer.PostJsonAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { })).StatusCode,
        };

        Assert.That(statuses, Is.EqualTo(new[]
        {
            HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden,
            HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.BadRequest,
        }));
    }

    [Test] // ES-1: not reproduced, then closed
    public async Task Given_a_bug_support_cannot_reproduce_Then_it_can_be_resolved_and_closed_without_development()
    {
        var id = await _agent.SubmitBugAsync(_organizations["Bravo"], subject: "Cannot reproduce");
        await _agent.TicketActionAsync(id, "reproduction", new { reproduced = false, notes = "Works on every version we tried." });

        await _agent.TicketActionAsync(id, "resolution", new { resolution = "declined", note = "We could not reproduce it; write to us if it happens again." });
        var closed = await _agent.TicketActionAsync(id, "close");

        Assert.That(closed.Text("status"), Is.EqualTo("closed"));
    }

    [Test] // ES-3: the agent asks the customer to check the fix; the answer comes while the ticket waits on them
    public async Task Given_a_fix_checked_while_waiting_on_the_customer_Then_not_fixed_sends_the_ticket_back_to_development()
    {
        var (id, issueId) = await EscalatedBugAsync("Bravo", "Slow search");
        await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "2.0" }, HttpStatusCode.OK);
        await _agent.TicketInStatusAsync(id, "in_progress");
        await _agent.TicketActionAsync(id, "waiting-on-customer", new { message = "Version 2.0 is out: is search fast again?" });

        await _partners["Bravo"].TicketActionAsync(id, "fix-confirmation", new { @fixed = false, comment = "Still 10 seconds per search." });
        var back = await _agent.TicketInStatusAsync(id, "waiting_on_development");
        var issue = await _developer.GetJsonAsync($"/api/v1/development/issues/{issueId}");

        Assert.Multiple(() =>
        {
            Assert.That(back["fixToConfirm"], Is.Null);
            Assert.That(issue.Text("status"), Is.EqualTo("open"));
        });
    }

    [Test] // ES-3: a ticket support resolved meanwhile is not brought back by the fix
    public async Task Given_a_ticket_resolved_while_waiting_on_development_Then_the_fix_leaves_it_resolved_and_asks_nothing_of_it()
    {
        var (resolvedId, issueId) = await EscalatedBugAsync("Charlie", "Crash on print");
        var (waitingId, _) = await EscalatedBugAsync("Alpha", "Crash on print too", issueId);
        await _agent.TicketActionAsync(resolvedId, "resolution", new { resolution = "solved", note = "Printing to PDF first avoids it." });
        await Eventually.TrueAsync(async () => (await _developer.GetJsonAsync($"/api/v1/development/issues/{issueId}"))["tickets"]!.AsArray()
            .Any(t => t!.Text("ticketId") == resolvedId && t!.Text("state") == "resolved"));

        await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "3.1" }, HttpStatusCode.OK);
        var waiting = await _agent.TicketInStatusAsync(waitingId, "in_progress");
        var resolved = await _agent.GetTicketAsync(resolvedId);
        var refused = await _partners["Charlie"].TicketActionAsync(resolvedId, "fix-confirmation", new { @fixed = true }, HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(waiting.Text("fixToConfirm"), Is.EqualTo("3.1"));
            Assert.That(resolved.Text("status"), Is.EqualTo("resolved"));
            Assert.That(resolved["fixToConfirm"], Is.Null);
            Assert.That(refused.Text("title"), Is.Not.Empty);
        });
    }

    [Test] // ES-3: a newer release reaches the tickets still confirming an older one
    public async Task Given_a_new_release_while_a_ticket_still_confirms_the_previous_one_Then_it_confirms_the_new_one()
    {
        var (slow, issueId) = await EscalatedBugAsync("Alpha", "Wrong totals");
        var (quick, _) = await EscalatedBugAsync("Bravo", "Wrong totals as well", issueId);
        await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "6.0" }, HttpStatusCode.OK);
        await _agent.TicketInStatusAsync(slow, "in_progress");
        await _agent.TicketInStatusAsync(quick, "in_progress");
        await _partners["Bravo"].TicketActionAsync(quick, "fix-confirmation", new { @fixed = false, comment = "Off by one cent." });
        await _agent.TicketInStatusAsync(quick, "waiting_on_development");

        await _developer.PostAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = "6.0.1" }, HttpStatusCode.OK);
        var slowNow = await Eventually.ValueAsync(async () =>
        {
            var ticket = await _agent.GetTicketAsync(slow);
            return ticket["fixToConfirm"]?.GetValue<string>() == "6.0.1" ? ticket : null;
        });
        var escalation = await _partners["Alpha"].TicketActionAsync(slow, "fix-confirmation", new { @fixed = true });
        var issue = await _developer.GetJsonAsync($"/api/v1/development/issues/{issueId}");

        Assert.Multiple(() =>
        {
            Assert.That(slowNow.Text("status"), Is.EqualTo("in_progress"));
            Assert.That(escalation["fixToConfirm"], Is.Null);
            Assert.That(issue["entries"]!.AsArray().Last()!.Text("version"), Is.EqualTo("6.0.1"), "the answer is about the newest release");
        });
    }

    [Test] // ES-1, If-Match
    public async Task Given_a_stale_if_match_Then_an_escalation_step_is_refused_with_412()
    {
        var id = await _agent.SubmitBugAsync(_organizations["Alpha"], subject: "Stale view");
        await _agent.TicketActionAsync(id, "assignment");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{id}/reproduction")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { reproduced = true }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        var response = await _agent.SendAsync(request);
        var problem = await response.ExpectAsync(HttpStatusCode.PreconditionFailed);

        Assert.That(problem["currentVersion"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test] // a double submit is a 409 for the loser, never a 500
    public async Task Given_two_fixes_deployed_at_once_Then_one_wins_and_the_other_is_a_conflict()
    {
        var (_, issueId) = await EscalatedBugAsync("Charlie", "Race");
        var (_, _) = await EscalatedBugAsync("Alpha", "Race again", issueId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            _developer.PostJsonAsync($"/api/v1/development/issues/{issueId}/fix-deployed", new { version = $"9.{i}" })));

        Assert.Multiple(() =>
        {
            Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
            Assert.That(answers.Select(a => a.StatusCode), Has.All.AnyOf(HttpStatusCode.OK, HttpStatusCode.Conflict));
        });
    }

    private async Task<(string TicketId, string IssueId)> EscalatedBugAsync(string organization, string subject, string? issueId = null)
    {
        var id = await _partners[organization].SubmitBugAsync(_organizations[organization], subject: subject);
        await _agent.TicketActionAsync(id, "assignment");
        await _agent.TicketActionAsync(id, "reproduction", new { reproduced = true });
        var issue = issueId is null
            ? await _agent.TicketActionAsync(id, "escalation", expected: HttpStatusCode.Created)
            : await _agent.TicketActionAsync(id, "escalation", new { developmentIssueId = issueId });
        await _agent.TicketInStatusAsync(id, "waiting_on_development");
        return (id, issue.Id());
    }
}
