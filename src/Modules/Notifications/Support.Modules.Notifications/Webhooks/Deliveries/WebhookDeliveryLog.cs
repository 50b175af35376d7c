using System.Security.Claims;
using Marten;

namespace Support.Modules.Notifications.Webhooks.Deliveries;

/// <summary>What the delivery-log slices ask first: the caller's webhook (a partner's own only).</summary>
internal static class WebhookDeliveryLog
{
    public static async Task<Webhook?> WebhookOfAsync(IQuerySession session, Guid webhookId, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        await session.LoadAsync<Webhook>(webhookId, cancellationToken) is { } webhook && webhook.VisibleTo(caller) ? webhook : null;
}
