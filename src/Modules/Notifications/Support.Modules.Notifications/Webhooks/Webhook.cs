using System.Security.Claims;
using System.Text.Json.Serialization;
using Support.Modules.Notifications.Webhooks.Fanout;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks;

/// <summary>
/// An endpoint a partner or an administrator registered to receive ticket events (NO-6). A partner's
/// receives the events of its key's organisations only, recorded when it was registered; an
/// administrator's receives every organisation's. Its secret signs every delivery and is shown only
/// when it is created or rotated.
/// </summary>
internal sealed class Webhook
{
    public Guid Id { get; set; }

    public string Url { get; set; } = "";

    /// <summary>Event type names (<c>ticket_status_changed</c>), or <c>*</c> for all.</summary>
    public List<string> Events { get; set; } = [];

    public bool Active { get; set; } = true;

    /// <summary>The API key that registered it: a partner sees and changes its own key's webhooks only.</summary>
    public string OwnerKeyId { get; set; } = "";

    /// <summary>True for an administrator's webhook: every organisation's tickets.</summary>
    public bool AllOrganizations { get; set; }

    /// <summary>For a partner's webhook: its key's organisations when it was registered.</summary>
    public List<Guid> OrganizationIds { get; set; } = [];

    /// <summary>Signs every delivery (HMAC-SHA256). Kept as is: signing needs it; never answered after creation or rotation.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The secret before the last rotation, which also signs deliveries until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset SecretRotatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Newest first, one comparable string, for keyset paging.</summary>
    public string ListKey { get; set; } = "";

    public static string ListKeyFor(DateTimeOffset createdAt, Guid id) => Support.Modules.Shared.Http.Paging.NewestFirstKey(createdAt, id);

    /// <summary>Whether this webhook gets an event of this type about a ticket of this organisation.</summary>
    public bool Receives(string eventType, Guid organizationId) =>
        Active
        && (Events.Contains(WebhookEventTypes.All) || Events.Contains(eventType))
        && (AllOrganizations || OrganizationIds.Contains(organizationId));

    /// <summary>The secrets that sign a delivery sent now: the current one first, then the previous one during its overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];

    /// <summary>Administrators see every webhook; a partner only those its own key registered (others are a 404).</summary>
    public bool VisibleTo(ClaimsPrincipal caller) => !caller.IsPartner() || OwnerKeyId == caller.KeyId();

    /// <summary>Replaces the secret; the one it replaces keeps signing for the overlap.</summary>
    public void RotateSecret(string secret, DateTimeOffset now, TimeSpan overlap)
    {
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = now + overlap;
        Secret = secret;
        SecretRotatedAt = now;
        UpdatedAt = now;
    }
}

/// <summary>A webhook: where ticket events are posted, which ones, and for which organisations (NO-6). Its secret is never shown again after creation or rotation.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Where events are posted (http or https).</param>
/// <param name="Events">The event types it receives (e.g. <c>ticket_status_changed</c>), or <c>["*"]</c> for all of them.</param>
/// <param name="Active">False while it is paused: no event is delivered to it.</param>
/// <param name="OrganizationIds">The organisations whose tickets' events it receives: the partner key's organisations when it was registered. Null for an administrator's webhook, which receives every organisation's.</param>
/// <param name="OwnerKeyId">The API key that registered it.</param>
/// <param name="SecretRotatedAt">When its signing secret was set (created or rotated).</param>
/// <param name="PreviousSecretExpiresAt">Until when deliveries also carry a signature made with the secret before the last rotation; null when one secret signs.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When it last changed.</param>
internal record WebhookView(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Active,
    IReadOnlyList<Guid>? OrganizationIds,
    string OwnerKeyId,
    DateTimeOffset SecretRotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public string Location => $"/api/v1/webhooks/{Id}";

    public static WebhookView From(Webhook webhook, DateTimeOffset now) => new(
        webhook.Id, webhook.Url, webhook.Events, webhook.Active, webhook.AllOrganizations ? null : webhook.OrganizationIds, webhook.OwnerKeyId,
        webhook.SecretRotatedAt, webhook.PreviousSecretExpiresAt > now ? webhook.PreviousSecretExpiresAt : null, webhook.CreatedAt, webhook.UpdatedAt);
}

/// <summary>A webhook with its signing secret: answered when it is registered and when its secret is rotated, never again. Store the secret to check the signatures.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Where events are posted (http or https).</param>
/// <param name="Events">The event types it receives (e.g. <c>ticket_status_changed</c>), or <c>["*"]</c> for all of them.</param>
/// <param name="Active">False while it is paused: no event is delivered to it.</param>
/// <param name="OrganizationIds">The organisations whose tickets' events it receives: the partner key's organisations when it was registered. Null for an administrator's webhook, which receives every organisation's.</param>
/// <param name="OwnerKeyId">The API key that registered it.</param>
/// <param name="SecretRotatedAt">When its signing secret was set (created or rotated).</param>
/// <param name="PreviousSecretExpiresAt">Until when deliveries also carry a signature made with the secret before the last rotation; null when one secret signs.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Secret">The secret that signs deliveries (HMAC-SHA256, see the <c>Support-Signature</c> header): shown in this answer only.</param>
internal sealed record WebhookWithSecret(
    Guid Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Active,
    IReadOnlyList<Guid>? OrganizationIds,
    string OwnerKeyId,
    DateTimeOffset SecretRotatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Secret)
    : WebhookView(Id, Url, Events, Active, OrganizationIds, OwnerKeyId, SecretRotatedAt, PreviousSecretExpiresAt, CreatedAt, UpdatedAt)
{
    public static WebhookWithSecret From(Webhook webhook, string secret, DateTimeOffset now)
    {
        var view = WebhookView.From(webhook, now);
        return new(view.Id, view.Url, view.Events, view.Active, view.OrganizationIds, view.OwnerKeyId, view.SecretRotatedAt,
            view.PreviousSecretExpiresAt, view.CreatedAt, view.UpdatedAt, secret);
    }
}
