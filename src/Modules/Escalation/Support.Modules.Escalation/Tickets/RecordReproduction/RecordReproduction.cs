using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Tickets.RecordReproduction;

/// <summary>Support's attempt to reproduce a reported bug (ES-1).</summary>
/// <param name="Reproduced">Whether the bug happened as reported.</param>
/// <param name="Notes">What support did and saw; carried to development when the bug is escalated.</param>
internal sealed record RecordReproduction(bool? Reproduced, string? Notes = null) : TicketStep<TicketEscalationView>;

internal sealed class RecordReproductionValidator : AbstractValidator<RecordReproduction>
{
    public RecordReproductionValidator()
    {
        RuleFor(x => x.Reproduced).NotNull().WithMessage("'reproduced' is required: true if support saw the bug happen, false if not.");
        RuleFor(x => x.Notes).MaximumLength(100_000);
    }
}

internal sealed class RecordReproductionHandler(IDocumentSession session, IMediator mediator, TimeProvider clock)
    : IRequestHandler<RecordReproduction, TicketEscalationView>
{
    public async Task<TicketEscalationView> Handle(RecordReproduction command, CancellationToken cancellationToken)
    {
        var ticket = await EscalationRules.FindTicketAsync(mediator, command, cancellationToken);
        EscalationRules.EnsureBug(ticket, "record a reproduction");
        EscalationRules.EnsureStatus(ticket, "record a reproduction", TicketStatus.New, TicketStatus.InProgress, TicketStatus.WaitingOnCustomer);

        var escalation = await EscalationRules.EscalationOfAsync(session, ticket, cancellationToken);
        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var notes = string.IsNullOrWhiteSpace(command.Notes) ? null : command.Notes.Trim();
        escalation.Reproductions.Add(new Reproduction { Reproduced = command.Reproduced!.Value, Notes = notes, By = by, At = now });
        escalation.Publish(session, step => new BugReproductionRecorded(ticket.TicketId, ticket.Number, ticket.OrganizationId, command.Reproduced.Value, notes, by, step), now);
        await session.SaveChangesAsync(cancellationToken);
        return TicketEscalationView.For(escalation, command.Caller);
    }
}
