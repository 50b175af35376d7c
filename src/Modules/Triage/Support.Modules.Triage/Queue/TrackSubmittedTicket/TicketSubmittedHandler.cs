using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Triage.Queue.TrackSubmittedTicket;

/// <summary>Puts a newly submitted ticket in the work queue.</summary>
internal sealed class TicketSubmittedHandler(IDocumentSession session) : INotificationHandler<TicketSubmitted>
{
    public Task Handle(TicketSubmitted notification, CancellationToken cancellationToken)
    {
        session.Store(new QueueItem
        {
            Id = notification.TicketId,
            Number = notification.Number,
            OrganizationId = notification.OrganizationId,
            OrganizationName = notification.OrganizationName,
            Subject = notification.Subject,
            Category = notification.Category,
            Priority = notification.Priority,
            Channel = notification.Channel,
            Queue = notification.Queue,
            Status = TicketStatus.New,
            ArrivedAt = notification.OccurredAt,
            OrderKey = QueueOrder.KeyFor(notification.Category, notification.Priority, notification.OccurredAt, notification.TicketId),
        });
        return Task.CompletedTask;
    }
}
