using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.Escalate;

/// <summary>Escalates a reproduced bug to development (ES-2): a new development issue, or an existing one the same bug is already filed under.</summary>
/// <param name="DevelopmentIssueId">Link the ticket to this existing (open) issue instead of opening a new one.</param>
/// <param name="Title">For a new issue: its title (default: the ticket's subject).</param>
internal sealed record Escalate(Guid? DevelopmentIssueId = null, string? Title = null) : TicketStep<EscalationResult>;

/// <summary>The issue the ticket is now linked to, and whether the escalation opened it.</summary>
internal sealed record EscalationResult(DevelopmentIssueView Issue, bool Opened);

internal sealed class EscalateValidator : AbstractValidator<Escalate>
{
    public EscalateValidator()
    {
        RuleFor(x => x.Title).MaximumLength(500);
        RuleFor(x => x.Title).Null().When(x => x.DevelopmentIssueId is not null)
            .WithMessage("'title' is only for a new issue: an existing one keeps its title.");
    }
}

internal sealed class EscalateHandler(IDocumentSession session, IMediator mediator, TimeProvider clock) : IRequestHandler<Escalate, EscalationResult>
{
    public async Task<EscalationResult> Handle(Escalate command, CancellationToken cancellationToken)
    {
        var ticket = await EscalationRules.FindTicketAsync(mediator, command, cancellationToken);
        EscalationRules.EnsureBug(ticket, "escalate to development");
        var escalation = await EscalationRules.EscalationOfAsync(session, ticket, cancellationToken);
        if (escalation.Reproduced is not true)
        {
            throw new ConflictException(
                "The bug has not been reproduced",
                $"Cannot escalate {ticket.Number}: support escalates a bug once it reproduced it (ES-1). "
                + (escalation.Reproduced is null
                    ? "Record the reproduction first: POST /api/v1/tickets/{id}/reproduction."
                    : "The last attempt did not reproduce it: ask the customer for more (waiting-on-customer), or record a successful reproduction."),
                new Dictionary<string, object?> { ["reproduced"] = escalation.Reproduced });
        }

        if (escalation.DevelopmentIssueId is { } current
            && await session.LoadAsync<DevelopmentIssue>(current, cancellationToken) is { } linked
            && linked.Tickets.Find(t => t.TicketId == ticket.TicketId) is { State: LinkedTicketState.WaitingOnDevelopment or LinkedTicketState.FixToConfirm } link)
        {
            throw new ConflictException(
                "The bug is already escalated",
                $"{ticket.Number} is already linked to {linked.Number}"
                + (link.State == LinkedTicketState.FixToConfirm
                    ? $", whose fix was deployed in {linked.FixedIn}: record the customer's answer with POST /api/v1/tickets/{{id}}/fix-confirmation."
                    : ", which development is working on."),
                new Dictionary<string, object?> { ["developmentIssueId"] = linked.Id, ["developmentIssueNumber"] = linked.Number });
        }

        EscalationRules.EnsureStatus(ticket, "escalate to development", TicketStatus.New, TicketStatus.InProgress);
        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var opened = command.DevelopmentIssueId is null;
        var issue = opened ? await OpenAsync(command, ticket, now, cancellationToken) : await ExistingAsync(command.DevelopmentIssueId!.Value, cancellationToken);
        var reproduction = escalation.Reproductions[^1];

        issue.Tickets.RemoveAll(t => t.TicketId == ticket.TicketId); // escalated again after a reopen: linked once
        issue.Tickets.Add(new LinkedTicket
        {
            TicketId = ticket.TicketId, Number = ticket.Number, OrganizationId = ticket.OrganizationId, OrganizationName = ticket.OrganizationName,
            Subject = ticket.Subject, ReproductionScenario = ticket.ReproductionScenario, ReproductionNotes = reproduction.Notes,
            State = LinkedTicketState.WaitingOnDevelopment, LinkedBy = by, LinkedAt = now,
        });
        issue.Entries.Add(new IssueEntry { Type = opened ? "opened" : "ticket_linked", Text = opened ? issue.Title : null, TicketNumber = ticket.Number, By = by, At = now });
        issue.UpdatedAt = now;
        session.Store(issue);

        escalation.DevelopmentIssueId = issue.Id;
        escalation.FixToConfirm = null;
        escalation.Publish(session, step => new TicketEscalatedToDevelopment(
            ticket.TicketId, ticket.Number, ticket.OrganizationId, issue.Id, issue.Number, opened, by, step), now);
        await session.SaveChangesAsync(cancellationToken);
        return new EscalationResult(DevelopmentIssueView.For(issue), opened);
    }

    private async Task<DevelopmentIssue> OpenAsync(Escalate command, Triage.Contracts.TicketFacts ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        return new DevelopmentIssue
        {
            Id = id,
            Number = await DevelopmentIssue.NextNumberAsync(session, cancellationToken),
            Title = string.IsNullOrWhiteSpace(command.Title) ? ticket.Subject : command.Title.Trim(),
            ReproductionScenario = ticket.ReproductionScenario ?? "",
            Status = DevelopmentIssueStatus.Open,
            CreatedAt = now,
            ListKey = DevelopmentIssue.ListKeyFor(now, id),
        };
    }

    private async Task<DevelopmentIssue> ExistingAsync(Guid issueId, CancellationToken cancellationToken)
    {
        var issue = await session.LoadAsync<DevelopmentIssue>(issueId, cancellationToken)
            ?? throw new UnprocessableException("developmentIssueId", "No development issue has this id.");
        if (issue.Status != DevelopmentIssueStatus.Open)
        {
            throw new ConflictException(
                "The development issue's fix is already deployed",
                $"{issue.Number} was fixed in {issue.FixedIn}: a ticket is linked to an issue development still works on. Ask the customer to update to {issue.FixedIn}, or open a new issue if the bug persists there.",
                new Dictionary<string, object?> { ["developmentIssueStatus"] = QueryEnum.NameOf(issue.Status), ["fixedIn"] = issue.FixedIn });
        }

        return issue;
    }
}
