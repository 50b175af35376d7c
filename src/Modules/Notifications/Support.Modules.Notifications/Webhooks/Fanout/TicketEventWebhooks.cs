using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.Webhooks.Deliveries;
using Support.Modules.Shared.Events;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Notifications.Webhooks.Fanout;

/// <summary>
/// NO-6: queues one <see cref="WebhookDelivery"/> per active webhook that subscribes to the event and
/// may see the ticket's organisation. Every ticket event is listed here (the subscribable event types
/// are read from this list); the outbox runs it once per event and commits the deliveries with its marker.
/// </summary>
internal sealed class TicketEventWebhooks(IDocumentSession session, TimeProvider clock) :
    INotificationHandler<TicketSubmitted>,
    INotificationHandler<TicketStatusChanged>,
    INotificationHandler<TicketTakenInCharge>,
    INotificationHandler<TicketCategoryCorrected>,
    INotificationHandler<TicketPublicMessageAdded>,
    INotificationHandler<TicketAwaitingCustomer>,
    INotificationHandler<TicketCustomerReplied>,
    INotificationHandler<TicketResolved>,
    INotificationHandler<TicketReopened>,
    INotificationHandler<TicketClosed>,
    INotificationHandler<TicketFollowUpRequested>,
    INotificationHandler<TicketPublicAttachmentAdded>,
    INotificationHandler<TicketPendingReminderDue>,
    INotificationHandler<TicketSlaBreached>,
    INotificationHandler<BugReproductionRecorded>,
    INotificationHandler<TicketEscalatedToDevelopment>,
    INotificationHandler<TicketFixDeployed>,
    INotificationHandler<TicketFixConfirmed>,
    INotificationHandler<TicketForwardedToProduct>,
    INotificationHandler<TicketProductDecision>,
    INotificationHandler<TicketOrganizationAssigned>
{
    public Task Handle(TicketSubmitted notification, CancellationToken cancellationToken) =>
        QueueAsync(notification, notification.TicketId, notification.OrganizationId, cancellationToken);

    public Task Handle(TicketStatusChanged notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketTakenInCharge notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketCategoryCorrected notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketPublicMessageAdded notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketAwaitingCustomer notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketCustomerReplied notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketResolved notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketReopened notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketClosed notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketFollowUpRequested notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketPublicAttachmentAdded notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketPendingReminderDue notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketSlaBreached notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(BugReproductionRecorded notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketEscalatedToDevelopment notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketFixDeployed notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketFixConfirmed notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketForwardedToProduct notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketProductDecision notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    public Task Handle(TicketOrganizationAssigned notification, CancellationToken cancellationToken) => QueueAsync(notification, cancellationToken);

    /// <summary>Events about support's own service levels are for staff: partners' endpoints never get them.</summary>
    private static bool StaffOnly(IntegrationEvent integrationEvent) => integrationEvent is TicketSlaBreached;

    private Task QueueAsync(TicketEvent ticketEvent, CancellationToken cancellationToken) =>
        QueueAsync(ticketEvent, ticketEvent.TicketId, ticketEvent.OrganizationId, cancellationToken);

    private async Task QueueAsync(IntegrationEvent integrationEvent, Guid ticketId, Guid organizationId, CancellationToken cancellationToken)
    {
        var eventType = WebhookEventTypes.NameOf(integrationEvent.GetType());
        var webhooks = await session.Query<Webhook>()
            .Where(w => w.Active && (w.AllOrganizations || w.OrganizationIds.Contains(organizationId)))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var webhook in webhooks.Where(w => w.Receives(eventType, organizationId) && (w.AllOrganizations || !StaffOnly(integrationEvent))))
        {
            // Store, not Insert: the id is the same if this ever runs again for the event, and the marker the
            // outbox commits with these writes already makes that a no-op.
            session.Store(WebhookDelivery.Create(
                integrationEvent.EventId, webhook, eventType, ticketId, WebhookPayload.For(integrationEvent, webhook), now));
        }
    }
}
