using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.ConfirmFix;

/// <summary>The customer's answer about a deployed fix (ES-3).</summary>
/// <param name="Fixed">True if the problem is gone on the customer's side.</param>
/// <param name="Comment">What the customer said; required when it is not fixed, for development.</param>
internal sealed record ConfirmFix(bool? Fixed, string? Comment = null) : TicketStep<TicketEscalationView>;

internal sealed class ConfirmFixValidator : AbstractValidator<ConfirmFix>
{
    public ConfirmFixValidator()
    {
        RuleFor(x => x.Fixed).NotNull().WithMessage("'fixed' is required: true if the problem is gone on the customer's side, false if not.");
        RuleFor(x => x.Comment).NotEmpty().When(x => x.Fixed == false)
            .WithMessage("'comment' is required when the fix does not work: development reads it when the issue reopens.");
        RuleFor(x => x.Comment).MaximumLength(100_000);
    }
}

/// <summary>
/// ES-3: fixed resolves the ticket (<c>solved</c>); not fixed sends it back to development and
/// reopens the issue with the customer's comment.
/// </summary>
internal sealed class ConfirmFixHandler(IDocumentSession session, IMediator mediator, TimeProvider clock) : IRequestHandler<ConfirmFix, TicketEscalationView>
{
    public async Task<TicketEscalationView> Handle(ConfirmFix command, CancellationToken cancellationToken)
    {
        var ticket = await EscalationRules.FindTicketAsync(mediator, command, cancellationToken);

        // A ticket support resolved or closed meanwhile has nothing to confirm (its link was closed too).
        EscalationRules.EnsureStatus(ticket, "record the customer's answer about the fix",
            TicketStatus.InProgress, TicketStatus.WaitingOnCustomer, TicketStatus.WaitingOnDevelopment);
        var escalation = await session.LoadAsync<TicketEscalation>(ticket.TicketId, cancellationToken);
        if (escalation is not { FixToConfirm: { } version, DevelopmentIssueId: { } issueId })
        {
            throw new ConflictException(
                "No deployed fix awaits confirmation",
                $"{ticket.Number} has no fix to confirm: a fix is confirmed after development marks it deployed (ES-3).",
                new Dictionary<string, object?> { ["fixToConfirm"] = null });
        }

        var issue = await session.LoadAsync<DevelopmentIssue>(issueId, cancellationToken)
            ?? throw new InvalidOperationException($"Development issue {issueId} of {ticket.Number} does not exist.");
        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        var link = issue.Tickets.Single(t => t.TicketId == ticket.TicketId);
        if (command.Fixed!.Value)
        {
            link.State = LinkedTicketState.Fixed;
            issue.Entries.Add(new IssueEntry { Type = "fix_confirmed", Text = comment, TicketNumber = ticket.Number, Version = version, By = by, At = now });
        }
        else
        {
            // The fix did not work for this customer: development takes the issue up again.
            link.State = LinkedTicketState.WaitingOnDevelopment;
            issue.Status = DevelopmentIssueStatus.Open;
            issue.Entries.Add(new IssueEntry { Type = "not_fixed", Text = comment, TicketNumber = ticket.Number, Version = version, By = by, At = now });
        }

        issue.UpdatedAt = now;
        session.Store(issue);
        escalation.FixToConfirm = null;
        escalation.Publish(session, step => new TicketFixConfirmed(
            ticket.TicketId, ticket.Number, ticket.OrganizationId, issue.Id, version, command.Fixed.Value, comment, by, step), now);
        await session.SaveChangesAsync(cancellationToken);
        return TicketEscalationView.For(escalation, command.Caller);
    }
}
