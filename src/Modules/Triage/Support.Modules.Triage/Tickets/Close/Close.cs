using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Close;

/// <summary>Closes a resolved ticket: final, and readable forever (TR-6).</summary>
internal sealed record Close : TicketChange;

internal sealed class CloseHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<Close, TicketView>
{
    public async Task<TicketView> Handle(Close command, CancellationToken cancellationToken)
    {
        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        TicketLifecycle.Ensure(ticket.Status, TicketStatus.Closed, "close the ticket");

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        stream.AppendOne(new Closed(by, now));
        session.Publish(new TicketClosed(ticket.Id, ticket.Number, ticket.OrganizationId, ticket.Resolution!.Value), now);
        session.StatusChanged(ticket, ticket.Status, TicketStatus.Closed, ticket.Resolution, by, now);
        return await TicketViews.ViewAsync(session, await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken), command.Caller, clock, cancellationToken);
    }
}
