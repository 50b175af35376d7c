using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Support.Modules.Triage.Tickets.Pending;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets.Pending;

/// <summary>TR-4 with a fake clock and the sweep invoked directly: reminders at D+2 and D+5, no_reply at D+10, a reply cancels.</summary>
public sealed class PendingReminderTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(
            settings: new Dictionary<string, string?> { ["Support:Scheduler:SweepInterval"] = "01:00:00" },
            services: services => services.AddSingleton<TimeProvider>(_clock));
        using var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Pending Ltd");
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

    [Test]
    public async Task Given_a_ticket_left_waiting_Then_it_is_reminded_twice_and_resolved_as_no_reply()
    {
        var id = await WaitingTicketAsync();
        var start = _clock.GetUtcNow();

        await SweepAtAsync(start + TimeSpan.FromDays(1.9));
        var early = await RemindersOfAsync(id);
        await SweepAtAsync(start + TimeSpan.FromDays(2));
        var first = await RemindersOfAsync(id);
        await SweepAtAsync(start + TimeSpan.FromDays(3));
        var again = await RemindersOfAsync(id);
        await SweepAtAsync(start + TimeSpan.FromDays(5));
        var second = await RemindersOfAsync(id);
        await SweepAtAsync(start + TimeSpan.FromDays(10));
        var ticket = await _agent.GetTicketAsync(id);
        var history = (await _agent.HistoryAsync(id)).Select(e => (Type: e.Text("type"), Reminder: e["data"]?["reminder"]?.GetValue<int>())).ToList();

        Assert.Multiple(() =>
        {
            Assert.That((early, first, again, second), Is.EqualTo((0, 1, 1, 2)), "reminders sent by D+1.9, D+2, D+3, D+5");
            Assert.That(ticket.Text("status"), Is.EqualTo("resolved"));
            Assert.That(ticket.Text("resolution"), Is.EqualTo("no_reply"));
            Assert.That(history.SkipWhile(e => e.Type != "awaiting_customer").Select(e => e.Type),
                Is.EqualTo(new[] { "awaiting_customer", "reminder_sent", "reminder_sent", "resolved" }));
            Assert.That(history.Where(e => e.Type == "reminder_sent").Select(e => e.Reminder), Is.EqualTo(new int?[] { 1, 2 }));
        });
    }

    [Test]
    public async Task Given_the_customer_answers_Then_nothing_more_is_due()
    {
        var id = await WaitingTicketAsync();
        var start = _clock.GetUtcNow();
        await SweepAtAsync(start + TimeSpan.FromDays(2));

        await (await _partner.PostJsonAsync($"/api/v1/tickets/{id}/messages", new { body = "Here is the log." })).ExpectAsync(HttpStatusCode.Created);
        await SweepAtAsync(start + TimeSpan.FromDays(11));
        var reminders = await RemindersOfAsync(id);
        var ticket = await _agent.GetTicketAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(reminders, Is.EqualTo(1), "the reply voided what was pending");
            Assert.That(ticket.Text("status"), Is.EqualTo("in_progress"));
        });
    }

    [Test]
    public async Task Given_support_asks_again_Then_the_reminders_count_from_the_new_question()
    {
        var id = await WaitingTicketAsync();
        var start = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromDays(1));
        await _agent.ChangeAsync(id, "waiting-on-customer", new { message = "And the server's version?" });

        await SweepAtAsync(start + TimeSpan.FromDays(2));
        var atOldDue = await RemindersOfAsync(id);
        await SweepAtAsync(start + TimeSpan.FromDays(3));
        var atNewDue = await RemindersOfAsync(id);

        Assert.That((atOldDue, atNewDue), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task Given_a_sweep_that_comes_late_Then_only_what_is_due_now_happens()
    {
        var id = await WaitingTicketAsync();
        var start = _clock.GetUtcNow();

        await SweepAtAsync(start + TimeSpan.FromDays(12));
        var history = (await _agent.HistoryAsync(id)).Select(e => e.Text("type")).ToList();

        Assert.That(history.SkipWhile(t => t != "awaiting_customer"), Is.EqualTo(new[] { "awaiting_customer", "resolved" }),
            "no burst of stale reminders before the resolution");
    }

    [Test]
    public async Task Given_more_due_tickets_than_a_batch_Then_one_sweep_handles_them_all()
    {
        var ids = new List<string>();
        for (var i = 0; i < PendingTicketsJob.BatchSize + 15; i++)
        {
            ids.Add(await WaitingTicketAsync());
        }

        var handled = await SweepAtAsync(_clock.GetUtcNow() + TimeSpan.FromDays(2));
        var reminded = 0;
        foreach (var id in ids)
        {
            reminded += (await _agent.HistoryAsync(id)).Count(e => e.Text("type") == "reminder_sent");
        }

        Assert.Multiple(() =>
        {
            Assert.That(handled, Is.GreaterThanOrEqualTo(ids.Count));
            Assert.That(reminded, Is.EqualTo(ids.Count), "every due ticket, none capped");
        });
    }

    private async Task<string> WaitingTicketAsync()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        await _agent.ChangeAsync(id, "waiting-on-customer", new { message = "Could you send the server log?" });
        return id;
    }

    private async Task<int> RemindersOfAsync(string id) => (await _agent.HistoryAsync(id)).Count(e => e.Text("type") == "reminder_sent");

    private async Task<int> SweepAtAsync(DateTimeOffset at)
    {
        if (at > _clock.GetUtcNow())
        {
            _clock.SetUtcNow(at);
        }

        return await _api.Services.GetRequiredService<PendingTicketsJob>().SweepAsync(CancellationToken.None);
    }
}
