using FluentValidation;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Triage.Tickets.Pending;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.WaitOnCustomer;

/// <summary>Asks the requester something and waits for the answer (TR-4).</summary>
internal sealed record WaitOnCustomer : TicketChange
{
    /// <summary>What support asks the requester; sent to them and shown in the conversation.</summary>
    public string? Message { get; init; }
}

internal sealed class WaitOnCustomerValidator : AbstractValidator<WaitOnCustomer>
{
    public WaitOnCustomerValidator() =>
        RuleFor(x => x.Message).NotEmpty().WithMessage("'message' is required: what the requester is asked for.").MaximumLength(100_000);
}

internal sealed class WaitOnCustomerHandler(IDocumentSession session, TimeProvider clock, IOptions<PendingOptions> pending)
    : IRequestHandler<WaitOnCustomer, TicketView>
{
    public async Task<TicketView> Handle(WaitOnCustomer command, CancellationToken cancellationToken)
    {
        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        TicketLifecycle.Ensure(ticket.Status, TicketStatus.WaitingOnCustomer, "wait on the customer");

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var messageId = Guid.CreateVersion7(now);
        stream.AppendOne(new AwaitingCustomer(messageId, command.Message!, by, now));
        session.Publish(new TicketAwaitingCustomer(ticket.Id, ticket.Number, ticket.OrganizationId, messageId, command.Message!), now);
        session.StatusChanged(ticket, ticket.Status, TicketStatus.WaitingOnCustomer, null, by, now);

        // TR-4: the reminders and the automatic resolution, due from now (asking again starts them over).
        session.Store(PendingSchedule.Start(ticket.Id, now, pending.Value));
        return await TicketViews.ViewAsync(session, await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken), command.Caller, clock, cancellationToken);
    }
}
