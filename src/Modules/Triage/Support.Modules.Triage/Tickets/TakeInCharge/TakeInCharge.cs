using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.TakeInCharge;

/// <summary>Takes a ticket in charge (TR-2): the caller, or the agent named.</summary>
internal sealed record TakeInCharge : TicketChange
{
    /// <summary>The agent to assign (an agent API key's id); the caller when omitted.</summary>
    public string? AgentId { get; init; }
}

internal sealed class TakeInChargeValidator : AbstractValidator<TakeInCharge>
{
    public TakeInChargeValidator() => RuleFor(x => x.AgentId).MaximumLength(100);
}

internal sealed class TakeInChargeHandler(IDocumentSession session, IMediator mediator, TimeProvider clock) : IRequestHandler<TakeInCharge, TicketView>
{
    public async Task<TicketView> Handle(TakeInCharge command, CancellationToken cancellationToken)
    {
        var agentId = string.IsNullOrWhiteSpace(command.AgentId) ? command.Caller.KeyId() : command.AgentId.Trim();
        if (agentId != command.Caller.KeyId())
        {
            if (!Guid.TryParse(agentId, out var keyId) || !await mediator.Send(new IsSupportAgent(agentId), cancellationToken))
            {
                throw new UnprocessableException("agentId", "No agent has this id: name the id of an agent's or administrator's API key.");
            }

            agentId = keyId.ToString(); // one spelling, so filters and reassignments compare equal
        }

        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        if (!TicketLifecycle.IsOpen(ticket.Status))
        {
            throw TicketLifecycle.NotAllowed(ticket.Status, "take the ticket in charge", "it is no longer being worked on");
        }

        if (ticket.Status == TicketStatus.New)
        {
            TicketLifecycle.Ensure(ticket.Status, TicketStatus.InProgress, "take the ticket in charge");
        }

        if (ticket.AssigneeId == agentId)
        {
            return await TicketViews.ViewAsync(session, ticket, command.Caller, clock, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        stream.AppendOne(new TakenInCharge(agentId, by, now));
        session.Publish(new Contracts.TicketTakenInCharge(ticket.Id, ticket.Number, ticket.OrganizationId, agentId, FirstTime: ticket.AssigneeId is null), now);
        session.StatusChanged(ticket, ticket.Status, ticket.Status == TicketStatus.New ? TicketStatus.InProgress : ticket.Status, null, by, now);
        return await TicketViews.ViewAsync(session, await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken), command.Caller, clock, cancellationToken);
    }
}
