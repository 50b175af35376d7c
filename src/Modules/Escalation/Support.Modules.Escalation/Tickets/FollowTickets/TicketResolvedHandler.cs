using Marten;
using MediatR;
using Support.Modules.Escalation.DevelopmentIssues;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Escalation.Tickets.FollowTickets;

/// <summary>
/// A ticket support resolved while it waited on development (a workaround, a withdrawal, a
/// duplicate) no longer waits on the issue: its link is closed, so a later fix is not announced to it
/// and no confirmation is asked of it; reopened, it can be escalated again.
/// </summary>
internal sealed class TicketResolvedHandler(IDocumentSession session) : INotificationHandler<TicketResolved>
{
    public async Task Handle(TicketResolved e, CancellationToken cancellationToken)
    {
        if (e.Cause is "fix_confirmed" or "product_decision"
            || await session.LoadAsync<TicketEscalation>(e.TicketId, cancellationToken) is not { DevelopmentIssueId: { } issueId } escalation
            || await session.LoadAsync<DevelopmentIssue>(issueId, cancellationToken) is not { } issue
            || issue.Tickets.Find(t => t.TicketId == e.TicketId) is not { State: LinkedTicketState.WaitingOnDevelopment or LinkedTicketState.FixToConfirm } link)
        {
            return;
        }

        link.State = LinkedTicketState.Resolved;
        issue.Entries.Add(new IssueEntry { Type = "ticket_resolved", Text = e.Note, TicketNumber = e.Number, By = "support", At = e.OccurredAt });
        issue.UpdatedAt = e.OccurredAt;
        escalation.FixToConfirm = null;
        session.Store(issue);
        session.Store(escalation);
    }
}
