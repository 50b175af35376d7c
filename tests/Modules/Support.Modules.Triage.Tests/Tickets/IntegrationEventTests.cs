using System.Collections.Concurrent;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Events;
using Support.Modules.Triage.Contracts;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>Every change of a ticket's life is announced to the other modules (notifications, webhooks, time rules, surveys).</summary>
public sealed class IntegrationEventTests
{
    private readonly ConcurrentQueue<IntegrationEvent> _received = new();
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(services: services =>
        {
            services.AddSingleton(_received);
            foreach (var type in new[]
            {
                typeof(TicketTakenInCharge), typeof(TicketStatusChanged), typeof(TicketCategoryCorrected), typeof(TicketPublicMessageAdded),
                typeof(TicketAwaitingCustomer), typeof(TicketCustomerReplied), typeof(TicketResolved), typeof(TicketReopened), typeof(TicketClosed), typeof(TicketPublicAttachmentAdded),
            })
            {
                services.AddScoped(typeof(INotificationHandler<>).MakeGenericType(type), typeof(Recorder<>).MakeGenericType(type));
            }
        });
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

    [Test] // NO-2 … NO-4, CT-2: the events the notifications and time-rule issues consume
    public async Task Given_a_ticket_run_through_its_life_Then_each_change_is_published_once_with_what_subscribers_need()
    {
        var id = Guid.Parse((await _partner.SubmitTicketAsync(Api.Ticket(_organization, category: "other"))).Id());
        var ticket = id.ToString();
        await _agent.ChangeAsync(ticket, "assignment");
        await _agent.ChangeAsync(ticket, "category", new { category = "usage", reason = "It is a usage question." });
        await _agent.ChangeAsync(ticket, "waiting-on-customer", new { message = "Which version?" });
        await _partner.PostJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body = "4.2" });
        await _agent.PostJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body = "internal only", visibility = "internal" });
        await _agent.ChangeAsync(ticket, "resolution", new { resolution = "solved", note = "Update to 4.3." });
        await _partner.ChangeAsync(ticket, "reopen", new { reason = "Still broken." });
        await _agent.ChangeAsync(ticket, "resolution", new { resolution = "solved" });
        await _agent.ChangeAsync(ticket, "close");

        var events = await Eventually.ValueAsync(() =>
        {
            var mine = _received.OfType<TicketEvent>().Where(e => e.TicketId == id).ToList();
            // 16 = 1 taken + 7 status changes + 1 correction + 1 awaiting + 1 reply + 1 public message + 2 resolved + 1 reopened + 1 closed;
            // the pump delivers concurrently, so wait for all of them rather than for the last one.
            return Task.FromResult(mine.Count >= 16 ? mine : null);
        }, what: "every event of the ticket");

        Assert.Multiple(() =>
        {
            var taken = events.OfType<TicketTakenInCharge>().Single();
            Assert.That(taken.FirstTime, Is.True);
            Assert.That(events.OfType<TicketCategoryCorrected>().Single().To, Is.EqualTo(TicketCategory.Usage));
            Assert.That(events.OfType<TicketAwaitingCustomer>().Single().Message, Is.EqualTo("Which version?"));
            Assert.That(events.OfType<TicketCustomerReplied>(), Has.Exactly(1).Items);
            Assert.That(events.OfType<TicketPublicMessageAdded>().Select(m => m.Body), Is.EqualTo(new[] { "4.2" }), "internal notes are never announced as public");
            Assert.That(events.OfType<TicketResolved>().Select(r => r.Resolution), Is.EqualTo(new[] { TicketResolution.Solved, TicketResolution.Solved }));
            Assert.That(events.OfType<TicketReopened>().Single().Reason, Is.EqualTo("Still broken."));
            Assert.That(events.OfType<TicketClosed>().Single().Resolution, Is.EqualTo(TicketResolution.Solved));
            Assert.That(events.OfType<TicketStatusChanged>().OrderBy(e => e.OccurredAt).Select(e => (e.From, e.To)), Is.EqualTo(new[]
            {
                (TicketStatus.New, TicketStatus.InProgress),
                (TicketStatus.InProgress, TicketStatus.WaitingOnCustomer),
                (TicketStatus.WaitingOnCustomer, TicketStatus.InProgress),
                (TicketStatus.InProgress, TicketStatus.Resolved),
                (TicketStatus.Resolved, TicketStatus.InProgress),
                (TicketStatus.InProgress, TicketStatus.Resolved),
                (TicketStatus.Resolved, TicketStatus.Closed),
            }));
            Assert.That(events.Select(e => e.EventId).Distinct().Count(), Is.EqualTo(events.Count), "each event handled once");
            Assert.That(events, Has.All.Matches<TicketEvent>(e => e != null && e.Number.StartsWith("SUP-", StringComparison.Ordinal) && e.OrganizationId != Guid.Empty));
        });
    }

    [Test] // IN-4 reaches subscribers (webhooks, live tracking) for the files the requester can see
    public async Task Given_a_public_and_an_internal_attachment_Then_only_the_public_one_is_announced()
    {
        var id = (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();

        await (await _agent.UploadAsync(id, "internal", TestFile.Text("internal.log", "secret"))).ExpectAsync(System.Net.HttpStatusCode.Created);
        await (await _partner.UploadAsync(id, TestFile.Text("screen.txt", "what I see"))).ExpectAsync(System.Net.HttpStatusCode.Created);

        var announced = await Eventually.ValueAsync(() => Task.FromResult(
            _received.OfType<TicketPublicAttachmentAdded>().Where(e => e.TicketId == Guid.Parse(id)).ToList() is { Count: > 0 } found ? found : null),
            what: "the attachment event");
        await Task.Delay(300); // room for a wrongly published internal one to arrive

        Assert.Multiple(() =>
        {
            var all = _received.OfType<TicketPublicAttachmentAdded>().Where(e => e.TicketId == Guid.Parse(id)).ToList();
            Assert.That(all.Select(e => e.FileName), Is.EqualTo(new[] { "screen.txt" }));
            Assert.That(announced[0].Author, Is.EqualTo(MessageAuthor.Requester));
        });
    }
}
