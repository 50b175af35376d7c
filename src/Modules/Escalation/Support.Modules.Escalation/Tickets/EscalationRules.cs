using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Escalation.Tickets;

/// <summary>
/// What escalation asks of a ticket before it acts on it: that the caller may see it (NF-3), and
/// that its category and status allow the step (ES-4: only bugs go to development, only feature
/// requests to the product team; everything else support handles itself).
/// </summary>
internal static class EscalationRules
{
    /// <summary>The ticket of a step: 404 when the caller may not see it, 412 when <c>If-Match</c> names another version.</summary>
    public static async Task<TicketFacts> FindTicketAsync<TResult>(IMediator mediator, TicketStep<TResult> step, CancellationToken cancellationToken)
    {
        var ticket = await mediator.Send(new FindTicketFacts(step.TicketId), cancellationToken);
        if (ticket is null || !step.Caller.CanActFor(ticket.OrganizationId))
        {
            throw new NotFoundException("ticket");
        }

        return step.ExpectedVersion is { } expected && expected != ticket.Version ? throw new PreconditionFailedException(ticket.Version) : ticket;
    }

    /// <summary>The ticket's escalation record, or a new one (not yet stored) when nothing was escalated yet.</summary>
    public static async Task<TicketEscalation> EscalationOfAsync(IDocumentSession session, TicketFacts ticket, CancellationToken cancellationToken) =>
        await session.LoadAsync<TicketEscalation>(ticket.TicketId, cancellationToken) ?? TicketEscalation.For(ticket);

    /// <summary>ES-1, ES-2, ES-4: reproducing and escalating are for bug reports only.</summary>
    public static void EnsureBug(TicketFacts ticket, string action)
    {
        if (ticket.Category == TicketCategory.Bug)
        {
            return;
        }

        var instead = ticket.Category == TicketCategory.Feature
            ? "A feature request goes to the product team instead: POST /api/v1/tickets/{id}/product-suggestion."
            : "Usage problems, chat questions and other requests are handled by support directly and have no escalation path (ES-4); if this is in fact a bug, correct its category first (POST /api/v1/tickets/{id}/category).";
        throw new ConflictException(
            "Only bug reports are reproduced and escalated",
            $"Cannot {action}: {ticket.Number} is a {QueryEnum.NameOf(ticket.Category)} ticket. {instead}",
            new Dictionary<string, object?> { ["category"] = QueryEnum.NameOf(ticket.Category) });
    }

    /// <summary>ES-5: only feature requests become product suggestions.</summary>
    public static void EnsureFeature(TicketFacts ticket)
    {
        if (ticket.Category == TicketCategory.Feature)
        {
            return;
        }

        var instead = ticket.Category == TicketCategory.Bug
            ? "A bug report is reproduced and escalated to development instead (POST /api/v1/tickets/{id}/reproduction, then /escalation)."
            : "Usage problems, chat questions and other requests are handled by support directly (ES-4); if this is in fact a feature request, correct its category first (POST /api/v1/tickets/{id}/category).";
        throw new ConflictException(
            "Only feature requests go to the product team",
            $"Cannot forward {ticket.Number} to the product team: it is a {QueryEnum.NameOf(ticket.Category)} ticket. {instead}",
            new Dictionary<string, object?> { ["category"] = QueryEnum.NameOf(ticket.Category) });
    }

    /// <summary>The step needs the ticket in one of these statuses; the 409 says which it is in and which would do.</summary>
    public static void EnsureStatus(TicketFacts ticket, string action, params TicketStatus[] allowed)
    {
        if (allowed.Contains(ticket.Status))
        {
            return;
        }

        throw new ConflictException(
            "This step is not allowed in the ticket's current status",
            $"Cannot {action}: {ticket.Number} is {QueryEnum.NameOf(ticket.Status)}; this needs a ticket that is {string.Join(" or ", allowed.Select(QueryEnum.NameOf))}.",
            new Dictionary<string, object?> { ["currentStatus"] = QueryEnum.NameOf(ticket.Status), ["allowedStatuses"] = allowed.Select(QueryEnum.NameOf).ToArray() });
    }
}
