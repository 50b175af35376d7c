using JasperFx.Events;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.FollowEscalation;

/// <summary>
/// Moves tickets as escalation decides (ES-1..ES-7): each event of the Escalation module is recorded
/// on its ticket's stream, with the status the transition table allows now. Escalation checked the
/// ticket when it accepted the request; if the ticket moved since (an agent resolved it meanwhile),
/// the step is still recorded in its history but its status stays as it is. The outbox delivers
/// concurrently, so steps are recorded in their <c>Step</c> order: one that arrives before the
/// previous step fails and is delivered again later. Each event is handled once, in the transaction
/// that records it (the outbox's marker), and retried if the ticket changed under it.
/// </summary>
internal sealed class FollowEscalation(IDocumentSession session, IOptions<TicketOptions> options) :
    INotificationHandler<BugReproductionRecorded>,
    INotificationHandler<TicketEscalatedToDevelopment>,
    INotificationHandler<TicketFixDeployed>,
    INotificationHandler<TicketFixConfirmed>,
    INotificationHandler<TicketForwardedToProduct>,
    INotificationHandler<TicketProductDecision>
{
    public async Task Handle(BugReproductionRecorded e, CancellationToken cancellationToken)
    {
        if (await OpenAsync(e, e.Step, cancellationToken) is not (var stream, _))
        {
            return;
        }

        stream.AppendOne(new ReproductionRecorded(e.Reproduced, e.Notes, e.By, e.OccurredAt));
    }

    public async Task Handle(TicketEscalatedToDevelopment e, CancellationToken cancellationToken)
    {
        if (await OpenAsync(e, e.Step, cancellationToken) is not (var stream, var ticket))
        {
            return;
        }

        var to = Allowed(ticket, TicketStatus.WaitingOnDevelopment);
        stream.AppendOne(new EscalatedToDevelopment(e.DevelopmentIssueId, e.DevelopmentIssueNumber, to, e.By, e.OccurredAt));
        Moved(ticket, to, null, e.By, e.OccurredAt);
    }

    public async Task Handle(TicketFixDeployed e, CancellationToken cancellationToken)
    {
        if (await OpenAsync(e, e.Step, cancellationToken) is not (var stream, var ticket))
        {
            return;
        }


        // Only a ticket still waiting on this issue goes back to its agent; one resolved meanwhile keeps its
        // state, and one already confirming an earlier release now confirms this one (Ticket.Apply).
        var to = ticket.Status == TicketStatus.WaitingOnDevelopment && ticket.DevelopmentIssueId == e.DevelopmentIssueId
            ? Allowed(ticket, TicketStatus.InProgress)
            : null;
        stream.AppendOne(new FixDeployed(e.DevelopmentIssueId, e.DevelopmentIssueNumber, e.Version, to, e.By, e.OccurredAt));
        Moved(ticket, to, null, e.By, e.OccurredAt);
    }

    public async Task Handle(TicketFixConfirmed e, CancellationToken cancellationToken)
    {
        if (await OpenAsync(e, e.Step, cancellationToken) is not (var stream, var ticket))
        {
            return;
        }

        var to = ticket.FixToConfirm is null ? null : Allowed(ticket, e.Fixed ? TicketStatus.Resolved : TicketStatus.WaitingOnDevelopment);
        stream.AppendOne(new FixConfirmationRecorded(e.DevelopmentIssueId, e.Version, e.Fixed, e.Comment, to, e.By, e.OccurredAt));
        if (to == TicketStatus.Resolved)
        {
            var note = e.Comment ?? $"Fixed in {e.Version}.";
            session.Publish(new TicketResolved(ticket.Id, ticket.Number, ticket.OrganizationId, TicketResolution.Solved, note, null, e.OccurredAt + options.Value.ReopenWindow, "fix_confirmed"), e.OccurredAt);
        }

        Moved(ticket, to, to == TicketStatus.Resolved ? TicketResolution.Solved : null, e.By, e.OccurredAt);
    }

    public async Task Handle(TicketForwardedToProduct e, CancellationToken cancellationToken)
    {
        if (await OpenAsync(e, e.Step, cancellationToken) is not (var stream, var ticket))
        {
            return;
        }

        var to = Allowed(ticket, TicketStatus.WaitingOnProduct);
        stream.AppendOne(new ForwardedToProduct(e.SuggestionId, e.SuggestionNumber, to, e.By, e.OccurredAt));
        Moved(ticket, to, null, e.By, e.OccurredAt);
    }

    public async Task Handle(TicketProductDecision e, CancellationToken cancellationToken)
    {
        if (await OpenAsync(e, e.Step, cancellationToken) is not (var stream, var ticket))
        {
            return;
        }

        TicketResolution? resolution = e.Decision switch
        {
            ProductDecision.Declined => TicketResolution.Declined,
            ProductDecision.Shipped => TicketResolution.Solved,
            _ => null,
        };

        // A planned feature keeps the ticket waiting on product; a refusal or a release resolves it.
        var to = resolution is null || ticket.Status != TicketStatus.WaitingOnProduct ? null : Allowed(ticket, TicketStatus.Resolved);
        var messageId = Guid.CreateVersion7(e.OccurredAt);
        stream.AppendOne(new ProductDecided(
            messageId, e.SuggestionId, e.SuggestionNumber, e.Decision, e.Message, e.Workaround, to, to is null ? null : resolution, e.By, e.OccurredAt));
        if (to == TicketStatus.Resolved)
        {
            session.Publish(new TicketResolved(ticket.Id, ticket.Number, ticket.OrganizationId, resolution!.Value, e.Message, null, e.OccurredAt + options.Value.ReopenWindow, "product_decision"), e.OccurredAt);
        }

        Moved(ticket, to, to is null ? null : resolution, e.By, e.OccurredAt);
    }

    /// <summary>The ticket's stream, ready for this step; null when the step is recorded already.</summary>
    private async Task<(IEventStream<Ticket> Stream, Ticket Ticket)?> OpenAsync(TicketEvent e, int step, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Ticket>(e.TicketId, cancellationToken);
        var ticket = stream.Aggregate
            ?? throw new InvalidOperationException($"Escalation recorded a step for ticket {e.TicketId} ({e.Number}), which does not exist.");
        if (step <= ticket.EscalationSteps)
        {
            return null;
        }

        if (step != ticket.EscalationSteps + 1)
        {
            // Delivered out of order: the outbox retries this one after the earlier step is recorded.
            throw new InvalidOperationException(
                $"Escalation step {step} of ticket {e.Number} arrived before step {ticket.EscalationSteps + 1}; it will be delivered again.");
        }

        session.LastModifiedBy = "escalation";
        return (stream, ticket);
    }

    /// <summary>The status to move to if the table allows it from where the ticket is now; null to stay.</summary>
    private static TicketStatus? Allowed(Ticket ticket, TicketStatus to) =>
        ticket.Status != to && TicketLifecycle.CanTransition(ticket.Status, to) ? to : null;

    private void Moved(Ticket ticket, TicketStatus? to, TicketResolution? resolution, string by, DateTimeOffset at)
    {
        if (to is { } status)
        {
            session.StatusChanged(ticket, ticket.Status, status, resolution, by, at);
        }
    }
}
