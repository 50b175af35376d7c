using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Support.Modules.Triage.Tests.Tickets;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Reports;

/// <summary>SU-4: volumes by category and channel, business-time first response and resolution (median, 90th percentile), reopen rate.</summary>
public sealed class TicketReportTests
{
    private static readonly DateTimeOffset TuesdayNineInParis = new(2026, 12, 8, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(TuesdayNineInParis);
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(services: services => services.AddSingleton<TimeProvider>(_clock));
        using var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Report Ltd", contract: "extended");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task Given_tickets_answered_and_resolved_Then_the_report_gives_business_times_volumes_and_the_reopen_rate()
    {
        var bug = (await _agent.SubmitTicketAsync(Api.Ticket(_organization, category: "bug", reproductionScenario: "Click Export."))).Id();
        var chat = (await _agent.SubmitTicketAsync(new
        {
            organizationId = _organization, requester = new { email = "chat@report.example", name = "Chat" }, subject = "Quick question",
            description = "How do I export?", category = "usage", priority = "normal", channel = "chat",
        })).Id();

        await At(TuesdayNineInParis.AddHours(2), () => Reply(bug));                      // 2 business hours
        await At(TuesdayNineInParis.AddHours(8), () => Reply(chat));                     // 8 business hours
        await At(TuesdayNineInParis.AddDays(1).AddHours(1), () => _agent.ChangeAsync(bug, "resolution", new { resolution = "solved" }));  // 9 + 1 = 10
        await At(TuesdayNineInParis.AddDays(2), () => _agent.ChangeAsync(chat, "resolution", new { resolution = "solved" }));            // 9 + 9 = 18
        await At(TuesdayNineInParis.AddDays(2).AddHours(1), () => _agent.ChangeAsync(chat, "reopen", new { reason = "Not quite." }));

        var byCategory = await ReportAsync("category");
        var byChannel = await ReportAsync("channel");
        var total = byCategory["total"]!;

        Assert.Multiple(() =>
        {
            Assert.That(total["tickets"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(total["firstResponseMedianHours"]!.GetValue<double>(), Is.EqualTo(2));
            Assert.That(total["firstResponseP90Hours"]!.GetValue<double>(), Is.EqualTo(8));
            Assert.That(total["resolutionMedianHours"]!.GetValue<double>(), Is.EqualTo(10));
            Assert.That(total["resolutionP90Hours"]!.GetValue<double>(), Is.EqualTo(18));
            Assert.That(total["reopenRate"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(Group(byCategory, "bug")["firstResponseMedianHours"]!.GetValue<double>(), Is.EqualTo(2));
            Assert.That(Group(byCategory, "usage")["tickets"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(Group(byChannel, "chat")["tickets"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(Group(byChannel, "api")["tickets"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Given_an_unknown_grouping_Then_the_report_is_a_400()
    {
        var response = await _agent.GetAsync("/api/v1/reports/tickets?groupBy=colour");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private async Task At(DateTimeOffset at, Func<Task> action)
    {
        _clock.SetUtcNow(at);
        await action();
    }

    private async Task Reply(string id) =>
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Here is how." })).ExpectAsync(HttpStatusCode.Created);

    private async Task<JsonNode> ReportAsync(string groupBy) =>
        await (await _agent.GetAsync($"/api/v1/reports/tickets?from=2026-12-08T00:00:00Z&to=2026-12-09T00:00:00Z&groupBy={groupBy}")).ExpectAsync(HttpStatusCode.OK);

    private static JsonNode Group(JsonNode report, string key) => report["groups"]!.AsArray().Single(g => g!["group"]!.GetValue<string>() == key)!;
}
