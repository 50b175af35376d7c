using System.Security.Claims;
using JasperFx;
using Marten;
using JasperFx.Events;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets;

/// <summary>
/// Opening a ticket's stream for a change and committing it, the same way for every state change:
/// the caller must be allowed to see the ticket (NF-3), <c>If-Match</c> must name its current
/// version, and the stream is locked from read to commit, so changes of one ticket are serialised.
/// </summary>
internal static class TicketStreams
{
    public static async Task<IEventStream<Ticket>> OpenAsync(
        IDocumentSession session, Guid ticketId, ClaimsPrincipal caller, int? expectedVersion, CancellationToken cancellationToken)
    {
        // Exclusive: the stream's row is locked until this change commits, so a step the system records
        // meanwhile (an escalation step, a reminder) waits and retries instead of failing the person's request.
        var stream = await session.Events.FetchForExclusiveWriting<Ticket>(ticketId, cancellationToken);
        if (stream.Aggregate is not { } ticket || !caller.CanActFor(ticket.OrganizationId))
        {
            throw new NotFoundException("ticket");
        }

        if (expectedVersion is { } expected && expected != ticket.Revision)
        {
            throw new PreconditionFailedException(ticket.Revision);
        }

        return stream;
    }

    /// <summary>Commits the change and answers the ticket as it now stands.</summary>
    public static async Task<Ticket> CommitAsync(
        IDocumentSession session, IEventStream<Ticket> stream, ClaimsPrincipal caller, int? expectedVersion, CancellationToken cancellationToken)
    {
        session.LastModifiedBy = caller.KeyId();
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            var current = await session.LoadAsync<Ticket>(stream.Id, cancellationToken);
            if (expectedVersion is not null)
            {
                throw new PreconditionFailedException(current?.Revision ?? 0);
            }

            throw new ConflictException(
                "The ticket changed meanwhile",
                "Another change to this ticket was committed while this one was being made; nothing was changed. Read the ticket again and retry.");
        }

        return await session.LoadAsync<Ticket>(stream.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Ticket {stream.Id} vanished after its change.");
    }
}
