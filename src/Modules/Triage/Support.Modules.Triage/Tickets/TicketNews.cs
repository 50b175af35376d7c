using Marten;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Messaging;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets;

/// <summary>Publishes, with the change that caused them, the integration events the other modules follow tickets by.</summary>
internal static class TicketNews
{
    public static void StatusChanged(this IDocumentSession session, Ticket ticket, TicketStatus from, TicketStatus to, TicketResolution? resolution, string by, DateTimeOffset at)
    {
        if (from != to)
        {
            session.PublishOnCommit(new TicketStatusChanged(ticket.Id, ticket.Number, ticket.OrganizationId, from, to, resolution, by) { OccurredAt = at });
        }
    }

    public static void Publish(this IDocumentSession session, TicketEvent news, DateTimeOffset at) =>
        session.PublishOnCommit(news with { OccurredAt = at });
}
