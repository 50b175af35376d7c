using System.Collections.Concurrent;
using System.Net;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Shared.Events;
using Support.Modules.Shared.Messaging;
using Support.Testing;

namespace Support.Modules.Escalation.Tests;

/// <summary>
/// Escalation tells the rest of the system one event per ticket (for the requester's email, webhooks),
/// and Triage records a ticket's steps in their order even when the outbox delivers them out of it.
/// </summary>
public sealed class EscalationEventTests
{
    private readonly ConcurrentQueue<IntegrationEvent> _received = new();
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _developer = null!;
    private HttpClient _product = null!;
    private string _alpha = null!;
    private string _bravo = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(services: services =>
        {
            services.AddSingleton(_received);
            services.AddScoped<INotificationHandler<TicketFixDeployed>, Recorder<TicketFixDeployed>>();
            services.AddScoped<INotificationHandler<TicketProductDecision>, Recorder<TicketProductDecision>>();
        });
        using var admin = _api.Admin();
        _alpha = await admin.CreateOrganizationAsync("Alpha");
        _bravo = await admin.CreateOrganizationAsync("Bravo");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _developer = _api.ClientWithKey(await admin.CreateApiKeyAsync("developer"));
        _product = _api.ClientWithKey(await admin.CreateApiKeyAsync("product"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _developer.Dispose();
        _product.Dispose();
        await _api.DisposeAsync();
    }

    [Test] // ES-3
    public async Task Given_a_fix_deployed_for_an_issue_of_two_tickets_Then_each_ticket_gets_its_own_event_once()
    {
        var first = await _agent.SubmitBugAsync(_alpha, subject: "Event fan-out one");
        var second = await _agent.SubmitBugAsync(_bravo, subject: "Event fan-out two");
        await _agent.TicketActionAsync(first, "reproduction", new { reproduced = true });
        await _agent.TicketActionAsync(second, "reproduction", new { reproduced = true });
        var issue = (await _agent.TicketActionAsync(first, "escalation", expected: HttpStatusCode.Created)).Id();
        await _agent.TicketActionAsync(second, "escalation", new { developmentIssueId = issue });

        await _developer.PostAsync($"/api/v1/development/issues/{issue}/fix-deployed", new { version = "7.1" }, HttpStatusCode.OK);
        await _agent.TicketInStatusAsync(first, "in_progress");
        await _agent.TicketInStatusAsync(second, "in_progress");
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for a second delivery, were there one

        var events = _received.OfType<TicketFixDeployed>().Where(e => e.DevelopmentIssueId == Guid.Parse(issue)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.TicketId.ToString()), Is.EquivalentTo(new[] { first, second }));
            Assert.That(events.Select(e => e.Version), Has.All.EqualTo("7.1"));
            Assert.That(events.Select(e => e.OrganizationId.ToString()), Is.EquivalentTo(new[] { _alpha, _bravo }));
        });
    }

    [Test] // ES-7
    public async Task Given_a_decision_on_a_merged_suggestion_Then_every_requesting_ticket_gets_its_own_event_once()
    {
        var first = await _agent.SubmitFeatureAsync(_alpha, subject: "Event decision one");
        var second = await _agent.SubmitFeatureAsync(_bravo, subject: "Event decision two");
        var target = (await _agent.TicketActionAsync(first, "product-suggestion", expected: HttpStatusCode.Created)).Id();
        var other = (await _agent.TicketActionAsync(second, "product-suggestion", expected: HttpStatusCode.Created)).Id();
        await _product.PostAsync($"/api/v1/product/suggestions/{other}/merge", new { into = target }, HttpStatusCode.OK);

        await _product.PostAsync($"/api/v1/product/suggestions/{target}/decision", new { decision = "planned", message = "Coming in 8.0." }, HttpStatusCode.OK);
        await Eventually.TrueAsync(() => Task.FromResult(_received.OfType<TicketProductDecision>().Count(e => e.SuggestionId == Guid.Parse(target)) >= 2));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var events = _received.OfType<TicketProductDecision>().Where(e => e.SuggestionId == Guid.Parse(target)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.TicketId.ToString()), Is.EquivalentTo(new[] { first, second }));
            Assert.That(events.Select(e => e.Decision), Has.All.EqualTo(ProductDecision.Planned));
            Assert.That(events.Select(e => e.Message), Has.All.EqualTo("Coming in 8.0."));
        });
    }

    [Test] // ES-2, ES-3: the outbox delivers concurrently; Triage keeps each ticket's steps in order
    public async Task Given_a_ticket_s_second_step_delivered_before_its_first_Then_triage_records_both_in_order()
    {
        var id = await _agent.SubmitBugAsync(_alpha, subject: "Out of order");
        var ticket = await _agent.GetTicketAsync(id);
        var ticketId = Guid.Parse(id);
        var organizationId = Guid.Parse(_alpha);
        var number = ticket.Text("number");
        var issueId = Guid.NewGuid();
        var store = _api.Services.GetRequiredService<IDocumentStore>();

        // Steps 2 and 3 are published first: Triage must wait for step 1.
        await using (var session = store.LightweightSession())
        {
            session.PublishOnCommit(new TicketEscalatedToDevelopment(ticketId, number, organizationId, issueId, "DEV-999", true, "agent", 2));
            session.PublishOnCommit(new TicketFixDeployed(ticketId, number, organizationId, issueId, "DEV-999", "9.9", "developer", 3));
            await session.SaveChangesAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = await _agent.GetTicketAsync(id);
        await using (var session = store.LightweightSession())
        {
            session.PublishOnCommit(new BugReproductionRecorded(ticketId, number, organizationId, true, "Seen.", "agent", 1));
            await session.SaveChangesAsync();
        }

        var after = await Eventually.ValueAsync(async () =>
        {
            var current = await _agent.GetTicketAsync(id);
            return current["fixToConfirm"]?.GetValue<string>() == "9.9" ? current : null;
        });
        var history = (await _agent.HistoryAsync(id)).Select(e => e.Text("type")).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(before["version"]!.GetValue<int>(), Is.EqualTo(1), "nothing recorded before step 1");
            Assert.That(after.Text("status"), Is.EqualTo("in_progress"), "escalated, then back with the fix");
            Assert.That(history, Is.EqualTo(new[] { "submitted", "reproduction_recorded", "escalated_to_development", "fix_deployed" }));
        });
    }
}
