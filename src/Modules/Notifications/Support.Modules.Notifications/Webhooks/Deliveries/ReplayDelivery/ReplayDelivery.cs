using System.Security.Claims;
using Marten;
using MediatR;
using Support.Modules.Shared.Http;

namespace Support.Modules.Notifications.Webhooks.Deliveries.ReplayDelivery;

/// <summary>Posts a dead (or delivered) delivery again, same id and body.</summary>
internal sealed record ReplayDelivery(Guid WebhookId, Guid DeliveryId, ClaimsPrincipal Caller) : IRequest<WebhookDeliveryView>;

internal sealed class ReplayDeliveryHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<ReplayDelivery, WebhookDeliveryView>
{
    public async Task<WebhookDeliveryView> Handle(ReplayDelivery command, CancellationToken cancellationToken)
    {
        var webhook = await WebhookDeliveryLog.WebhookOfAsync(session, command.WebhookId, command.Caller, cancellationToken);
        var delivery = webhook is null ? null : await session.LoadAsync<WebhookDelivery>(command.DeliveryId, cancellationToken);
        if (delivery is null || delivery.WebhookId != command.WebhookId)
        {
            throw new NotFoundException("webhook delivery");
        }

        if (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            throw new ConflictException(
                "The delivery is still pending",
                "It is being posted, or waits for its next attempt: only a dead or delivered delivery can be replayed.",
                new Dictionary<string, object?> { ["nextAttemptAt"] = delivery.NextAttemptAt });
        }

        if (!webhook!.Active)
        {
            throw new ConflictException(
                "The webhook is paused",
                "Resume it first (PATCH with active: true): a paused webhook gets no deliveries.",
                new Dictionary<string, object?> { ["active"] = false });
        }

        delivery.Replay(clock.GetUtcNow());
        session.Store(delivery);
        await session.SaveChangesAsync(cancellationToken);
        return WebhookDeliveryView.From(delivery);
    }
}
