using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Support.Modules.Triage.Tickets.Sla;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets.Sla;

/// <summary>Service levels in business time (Europe/Paris standard calendar): targets by category and contract, paused while waiting on the customer, breaches found by the sweep.</summary>
public sealed class SlaTests
{
    // Tuesdays of February 2027 (no holiday that month), 09:00 in Paris (UTC+1); one week per test, as the fake clock only goes forward.
    private static readonly DateTimeOffset FirstTuesday = new(2027, 2, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(FirstTuesday);
    private int _week;
    private DateTimeOffset TuesdayNineInParis { get; set; } = FirstTuesday;
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _standard = null!;
    private string _extended = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(
            settings: new Dictionary<string, string?> { ["Support:Scheduler:SweepInterval"] = "01:00:00" },
            services: services => services.AddSingleton<TimeProvider>(_clock));
        using var admin = _api.Admin();
        _standard = await admin.CreateOrganizationAsync("Standard Ltd", contract: "standard");
        _extended = await admin.CreateOrganizationAsync("Extended SA", contract: "extended");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _standard));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        await _api.DisposeAsync();
    }

    [SetUp]
    public void NextTuesdayMorning()
    {
        TuesdayNineInParis = FirstTuesday.AddDays(7 * _week++);
        _clock.SetUtcNow(TuesdayNineInParis);
    }

    [Test]
    public async Task Given_a_bug_and_an_extended_contract_Then_their_targets_are_tighter()
    {
        var bug = await SubmitAsync(_standard, "bug");
        var usage = await SubmitAsync(_extended, "usage");

        var bugSla = await SlaAsync(bug);
        var usageSla = await SlaAsync(usage);
        var partnerView = await _partner.GetTicketAsync(bug);

        Assert.Multiple(() =>
        {
            Assert.That(At(bugSla, "firstResponseDueAt"), Is.EqualTo(TuesdayNineInParis.AddHours(2)), "bug: 2 business hours");
            Assert.That(At(bugSla, "resolutionDueAt"), Is.EqualTo(TuesdayNineInParis.AddDays(1).AddHours(9)), "bug: 18 business hours, Wednesday 18:00");
            Assert.That(At(usageSla, "firstResponseDueAt"), Is.EqualTo(TuesdayNineInParis.AddHours(4.5)), "9 h × 0.5 for an extended contract");
            Assert.That(At(usageSla, "resolutionDueAt"), Is.EqualTo(TuesdayNineInParis.AddDays(2).AddHours(4.5)), "45 h × 0.5: Thursday 13:30");
            Assert.That(partnerView["sla"], Is.Null, "service levels are for staff");
        });
    }

    [Test]
    public async Task Given_a_wait_on_the_customer_Then_the_resolution_is_due_that_much_business_time_later()
    {
        var id = await SubmitAsync(_standard, "usage");
        var before = At(await SlaAsync(id), "resolutionDueAt");
        _clock.SetUtcNow(TuesdayNineInParis.AddHours(1));
        await _agent.ChangeAsync(id, "waiting-on-customer", new { message = "Which version?" });
        await Eventually.TrueAsync(async () =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1)); // lets the outbox retry a handler that lost a race on the clock (its retries follow this clock)
            return (await SlaAsync(id))["paused"]!.GetValue<bool>();
        });
        _clock.SetUtcNow(TuesdayNineInParis.AddDays(1).AddHours(1)); // Wednesday 10:00 in Paris: 8 + 1 business hours later
        await (await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "4.2" })).ExpectAsync(HttpStatusCode.Created);

        var after = await Eventually.ValueAsync(async () =>
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            var sla = await SlaAsync(id);
            return sla["paused"]!.GetValue<bool>() || sla["firstResponseAt"] is null ? null : sla;
        });

        Assert.Multiple(() =>
        {
            Assert.That(after["firstResponseAt"], Is.Not.Null, "asking the customer is a first response");
            Assert.That(After(before, TimeSpan.FromHours(9)), Is.EqualTo(At(after, "resolutionDueAt")));
        });
    }

    [Test]
    public async Task Given_no_answer_past_the_due_time_Then_the_breach_shows_on_the_ticket_and_in_the_queue()
    {
        var id = await SubmitAsync(_standard, "bug");
        await SlaAsync(id);

        _clock.SetUtcNow(TuesdayNineInParis.AddHours(2).AddMinutes(1));
        var breaches = await _api.Services.GetRequiredService<SlaBreachJob>().SweepAsync(CancellationToken.None);
        var again = await _api.Services.GetRequiredService<SlaBreachJob>().SweepAsync(CancellationToken.None);
        var sla = await SlaAsync(id);
        var queue = await (await _agent.GetAsync("/api/v1/queue?category=bug&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var entry = queue["items"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == id)!;

        Assert.Multiple(() =>
        {
            Assert.That(breaches, Is.GreaterThanOrEqualTo(1));
            Assert.That(again, Is.Zero, "each breach is published once");
            Assert.That(sla["firstResponseBreached"]!.GetValue<bool>(), Is.True);
            Assert.That(sla["resolutionBreached"]!.GetValue<bool>(), Is.False);
            Assert.That(entry["sla"]!["firstResponseBreached"]!.GetValue<bool>(), Is.True);
        });
    }

    private async Task<string> SubmitAsync(string organization, string category) =>
        (await _agent.SubmitTicketAsync(Api.Ticket(organization, category: category,
            reproductionScenario: category == "bug" ? "Click Export." : null))).Id();

    private Task<JsonNode> SlaAsync(string id) => Eventually.ValueAsync(async () => (await _agent.GetTicketAsync(id))["sla"]);

    private static DateTimeOffset At(JsonNode sla, string property) => sla[property]!.GetValue<DateTimeOffset>();

    private static DateTimeOffset After(DateTimeOffset due, TimeSpan businessTime) =>
        new Support.Modules.Shared.Calendars.BusinessCalendar(Support.Modules.Shared.Calendars.BusinessCalendar.Standard([2026, 2027])).Add(due, businessTime);
}
