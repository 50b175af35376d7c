using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Escalation.Tests;

/// <summary>Feature requests: forwarded to the product team, merged, ranked, decided (ES-5..ES-7).</summary>
public sealed class ProductSuggestionTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;
    private HttpClient _product = null!;
    private HttpClient _partner = null!;
    private string _standard = null!;
    private string _extended = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        _product = _api.ClientWithKey(await _admin.CreateApiKeyAsync("product"));
        _standard = await _admin.CreateOrganizationAsync("Standard Ltd", contract: "standard");
        _extended = await _admin.CreateOrganizationAsync("Extended SA", language: "fr", contract: "extended");
        _partner = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", _standard, _extended));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _admin.Dispose();
        _agent.Dispose();
        _product.Dispose();
        _partner.Dispose();

        await _api.DisposeAsync();
    }

    [Test] // ES-5, ES-6, ES-7
    public async Task Given_two_suggestions_from_different_organisations_Then_they_merge_rank_and_the_decision_reaches_every_ticket()
    {
        var first = await _partner.SubmitFeatureAsync(_standard, subject: "Export to CSV", email: "ann@standard.example");
        var second = await _partner.SubmitFeatureAsync(_extended, subject: "CSV export please", email: "luc@extended.example");
        var third = await _partner.SubmitFeatureAsync(_standard, subject: "CSV too", email: "bob@standard.example");

        var target = await _agent.TicketActionAsync(first, "product-suggestion", new { title = "CSV export" }, HttpStatusCode.Created);
        var other = await _agent.TicketActionAsync(second, "product-suggestion", expected: HttpStatusCode.Created);
        var joined = await _agent.TicketActionAsync(third, "product-suggestion", new { suggestionId = target.Id() });
        var waiting = new List<JsonNode>();
        foreach (var id in new[] { first, second, third })
        {
            waiting.Add(await _agent.TicketInStatusAsync(id, "waiting_on_product"));
        }

        var merged = await _product.PostAsync($"/api/v1/product/suggestions/{other.Id()}/merge", new { into = target.Id() }, HttpStatusCode.OK);
        var mergedAway = await _product.GetJsonAsync($"/api/v1/product/suggestions/{other.Id()}");
        var assessed = await _product.PostAsync($"/api/v1/product/suggestions/{target.Id()}/assessment",
            new { effortDays = 10, workaround = "Export to Excel, then save as CSV." }, HttpStatusCode.OK);
        var listed = (await _agent.GetJsonAsync("/api/v1/product/suggestions"))["items"]!.AsArray().Select(s => s!.Id()).ToList();
        var declined = await _product.PostAsync($"/api/v1/product/suggestions/{target.Id()}/decision",
            new { decision = "declined", message = "We will not build a CSV export: the Excel export covers it." }, HttpStatusCode.OK);
        var resolved = new List<JsonNode>();
        foreach (var id in new[] { first, second, third })
        {
            resolved.Add(await _partner.TicketInStatusAsync(id, "resolved"));
        }

        var messages = (await _partner.GetJsonAsync($"/api/v1/tickets/{second}/messages"))["items"]!.AsArray();
        var history = await _partner.HistoryAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(target.Text("number"), Does.StartWith("SUG-"));
            Assert.That(target.Text("title"), Is.EqualTo("CSV export"));
            Assert.That(joined["requests"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(waiting.Select(t => t.Text("suggestionId")), Is.EqualTo(new[] { target.Id(), other.Id(), target.Id() }));

            // Merged: the target keeps every requesting organisation and requester (ES-5).
            Assert.That(merged["requests"]!.AsArray().Select(r => r!.Text("organizationId")).Distinct(), Is.EquivalentTo(new[] { _standard, _extended }));
            Assert.That(merged["requests"]!.AsArray().Select(r => r!["requester"]!.Text("email")),
                Is.EquivalentTo(new[] { "ann@standard.example", "luc@extended.example", "bob@standard.example" }));
            Assert.That(merged["mergedFrom"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { other.Id() }));
            Assert.That(mergedAway.Text("status"), Is.EqualTo("merged"));
            Assert.That(mergedAway.Text("mergedInto"), Is.EqualTo(target.Id()));

            // Ranked by the documented formula (ES-6): 2 organisations, 3 requesters, contracts standard (0) and extended (3).
            var parts = merged["scoreParts"]!;
            Assert.That(parts["organizations"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(parts["requesters"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(parts["contractBonus"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(merged["score"]!.GetValue<decimal>(), Is.EqualTo(35m), "10 × 2 + 2 × 3 + 3 × 3");
            Assert.That(assessed["score"]!.GetValue<decimal>(), Is.EqualTo(5.83m), "35 × 1/(1 + 10/5) × 0.5");
            Assert.That(assessed["scoreParts"]!["workaround"]!.GetValue<bool>(), Is.True);
            Assert.That(listed, Does.Contain(target.Id()).And.Not.Contain(other.Id()), "merged suggestions leave the ranking");

            // Declined reaches every ticket, the merged suggestion's included (ES-7).
            Assert.That(declined.Text("status"), Is.EqualTo("declined"));
            Assert.That(resolved.Select(t => t.Text("resolution")), Has.All.EqualTo("declined"));
            Assert.That(resolved.Select(t => t.Text("resolutionNote")), Has.All.EqualTo("We will not build a CSV export: the Excel export covers it."));
            Assert.That(messages.Select(m => m!.Text("body")).Last(), Does.Contain("Workaround: Export to Excel, then save as CSV."));
            Assert.That(history.Select(e => e.Text("type")), Does.Contain("forwarded_to_product").And.Contain("product_decision"));
            Assert.That(history.Single(e => e.Text("type") == "product_decision")["data"]!.Text("decision"), Is.EqualTo("declined"));
        });
    }

    [Test] // ES-7
    public async Task Given_a_planned_suggestion_Then_tickets_keep_waiting_and_shipping_it_solves_them()
    {
        var id = await _agent.SubmitFeatureAsync(_extended, subject: "Dark mode");
        var suggestion = (await _agent.TicketActionAsync(id, "product-suggestion", expected: HttpStatusCode.Created)).Id();
        await _agent.TicketInStatusAsync(id, "waiting_on_product");

        var planned = await _product.PostAsync($"/api/v1/product/suggestions/{suggestion}/decision", new { decision = "planned", message = "Planned for the spring release." }, HttpStatusCode.OK);
        var plannedAgain = await _product.PostAsync($"/api/v1/product/suggestions/{suggestion}/decision", new { decision = "planned", message = "Again." }, HttpStatusCode.Conflict);
        await Eventually.TrueAsync(async () => (await _agent.HistoryAsync(id)).Any(e => e.Text("type") == "product_decision"));
        var stillWaiting = await _agent.GetTicketAsync(id);
        await _product.PostAsync($"/api/v1/product/suggestions/{suggestion}/decision", new { decision = "shipped", message = "Dark mode is in 6.0." }, HttpStatusCode.OK);
        var shipped = await _agent.TicketInStatusAsync(id, "resolved");
        var decidedAgain = await _product.PostAsync($"/api/v1/product/suggestions/{suggestion}/decision", new { decision = "declined", message = "No." }, HttpStatusCode.Conflict);

        Assert.Multiple(() =>
        {
            Assert.That(planned.Text("status"), Is.EqualTo("planned"));
            Assert.That(plannedAgain.Text("detail"), Does.Contain("is planned"));
            Assert.That(stillWaiting.Text("status"), Is.EqualTo("waiting_on_product"));
            Assert.That(shipped.Text("resolution"), Is.EqualTo("solved"));
            Assert.That(shipped.Text("resolutionNote"), Is.EqualTo("Dark mode is in 6.0."));
            Assert.That(decidedAgain.Text("detail"), Does.Contain("is shipped"));
        });
    }

    [Test] // ES-6
    public async Task Given_an_override_Then_the_ranking_follows_the_product_team_and_still_shows_the_computed_parts()
    {
        var low = await _agent.SubmitFeatureAsync(_standard, subject: "Rare wish");
        var high = await _agent.SubmitFeatureAsync(_extended, subject: "Popular wish");
        var lowSuggestion = (await _agent.TicketActionAsync(low, "product-suggestion", expected: HttpStatusCode.Created)).Id();
        var highSuggestion = (await _agent.TicketActionAsync(high, "product-suggestion", expected: HttpStatusCode.Created)).Id();

        var before = await RankOfAsync(lowSuggestion, highSuggestion);
        var overridden = await _product.PostAsync($"/api/v1/product/suggestions/{lowSuggestion}/assessment",
            new { effortDays = 1, workaround = (string?)null, scoreOverride = 999_000 }, HttpStatusCode.OK);
        var after = await RankOfAsync(lowSuggestion, highSuggestion);
        var invalid = await _product.PostAsync($"/api/v1/product/suggestions/{lowSuggestion}/assessment", new { effortDays = -1 }, HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo((false, true)), "extended contract ranks higher than standard, all else equal");
            Assert.That(after, Is.EqualTo((true, false)), "the override puts the product team's choice first");
            Assert.That(overridden["score"]!.GetValue<decimal>(), Is.EqualTo(999_000m));
            Assert.That(overridden["scoreParts"]!["computed"]!.GetValue<decimal>(), Is.EqualTo(10m), "(10 × 1 + 2 × 1) × 1/(1 + 1/5)");
            Assert.That(overridden["scoreParts"]!["override"]!.GetValue<decimal>(), Is.EqualTo(999_000m));
            Assert.That(invalid["errors"]!["EffortDays"] ?? invalid["errors"]!["effortDays"], Is.Not.Null);
        });
    }

    [Test] // ES-5, ES-4
    public async Task Given_a_bug_or_a_forwarded_ticket_Then_forwarding_it_is_a_conflict_that_says_why()
    {
        var bug = await _agent.SubmitBugAsync(_standard, subject: "Crash on save");
        var feature = await _agent.SubmitFeatureAsync(_standard, subject: "Keyboard shortcuts");
        await _agent.TicketActionAsync(feature, "product-suggestion", expected: HttpStatusCode.Created);

        var bugRefused = await _agent.TicketActionAsync(bug, "product-suggestion", expected: HttpStatusCode.Conflict);
        var again = await _agent.TicketActionAsync(feature, "product-suggestion", expected: HttpStatusCode.Conflict);
        var forbidden = await _partner.PostJsonAsync($"/api/v1/tickets/{feature}/product-suggestion", new { });
        var agentDecides = await _agent.PostJsonAsync($"/api/v1/product/suggestions/{Guid.NewGuid()}/decision", new { decision = "planned", message = "x" });

        Assert.Multiple(() =>
        {
            Assert.That(bugRefused.Text("detail"), Does.Contain("reproduced and escalated to development"));
            Assert.That(again.Text("detail"), Does.Contain("already part of"));
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(agentDecides.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    private async Task<(bool LowFirst, bool HighFirst)> RankOfAsync(string low, string high)
    {
        var ids = (await _product.ReadAllPagesAsync("/api/v1/product/suggestions?status=open", 200)).Select(s => s.Id()).ToList();
        return (ids.IndexOf(low) < ids.IndexOf(high), ids.IndexOf(high) < ids.IndexOf(low));
    }
}
