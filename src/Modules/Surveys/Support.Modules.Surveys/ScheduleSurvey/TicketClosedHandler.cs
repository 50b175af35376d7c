using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Surveys.ScheduleSurvey;

/// <summary>
/// SU-1: a closed ticket's requester gets a survey after the delay, except for duplicates and
/// withdrawn requests (nothing was handled to rate). One survey per ticket: closed again after a
/// reopen, it keeps the first.
/// </summary>
internal sealed class TicketClosedHandler(IDocumentSession session, IMediator mediator, IOptions<SurveyOptions> options) : INotificationHandler<TicketClosed>
{
    public async Task Handle(TicketClosed e, CancellationToken cancellationToken)
    {
        if (e.Resolution is TicketResolution.Duplicate or TicketResolution.Withdrawn
            || await session.LoadAsync<Survey>(e.TicketId, cancellationToken) is not null)
        {
            return;
        }

        var ticket = await mediator.Send(new FindTicketFacts(e.TicketId), cancellationToken)
            ?? throw new InvalidOperationException($"Closed ticket {e.Number} does not exist.");
        session.Store(new Survey
        {
            Id = e.TicketId,
            Number = e.Number,
            OrganizationId = e.OrganizationId,
            OrganizationName = ticket.OrganizationName,
            Category = ticket.Category,
            Queue = ticket.Queue,
            AgentId = ticket.AssigneeId,
            Requester = ticket.Requester,
            Language = ticket.Language,
            Subject = ticket.Subject,
            Resolution = e.Resolution,
            ClosedAt = e.OccurredAt,
            Status = SurveyStatus.Scheduled,
            SendAt = e.OccurredAt + options.Value.Delay,
        });
    }
}
