using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Support.Modules.Notifications.Webhooks.Deliveries;

/// <summary>Where a delivery stands.</summary>
internal enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first attempt or for a retry.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up: no 2xx answer for the whole retry period, or the webhook was paused. It can be replayed.</summary>
    Dead,
}

/// <summary>One attempt at posting a delivery.</summary>
internal sealed class DeliveryAttempt
{
    public DateTimeOffset At { get; set; }

    /// <summary>The receiver's status code; null when no answer came.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why it failed (no answer, a refused target, a non-2xx status); null when it succeeded.</summary>
    public string? Error { get; set; }

    public long DurationMs { get; set; }

    [JsonIgnore]
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// One event to post to one webhook (NO-6), and every attempt at it. Its id comes from the event's and
/// the webhook's ids, so handling an event again cannot make a second one; it is the
/// <c>Support-Delivery</c> header, the same on every retry and replay. The body is fixed when the
/// delivery is made; only the signature's timestamp changes between attempts.
/// </summary>
internal sealed class WebhookDelivery
{
    /// <summary>Attempts kept in the log; older ones are dropped (their count stays in <see cref="AttemptCount"/>).</summary>
    public const int AttemptsKept = 50;

    public Guid Id { get; set; }

    public Guid WebhookId { get; set; }

    public Guid EventId { get; set; }

    public string EventType { get; set; } = "";

    public Guid TicketId { get; set; }

    /// <summary>The exact JSON posted and signed.</summary>
    public string Body { get; set; } = "";

    public WebhookDeliveryStatus Status { get; set; }

    /// <summary>Not before this; null unless pending. A host that claims the delivery moves it by its claim period.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The claim of the host posting it now: only that host records the outcome.</summary>
    public Guid? ClaimId { get; set; }

    /// <summary>Failures since it was made or replayed: the back-off's exponent.</summary>
    public int Failures { get; set; }

    /// <summary>Retried until then: the first attempt (since it was made or replayed) plus the retry period.</summary>
    public DateTimeOffset? RetryUntil { get; set; }

    public int AttemptCount { get; set; }

    public List<DeliveryAttempt> Attempts { get; set; } = [];

    public string? DeadReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>When it was last delivered or given up; null while pending. The log's retention counts from here.</summary>
    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>Newest first, one comparable string, for keyset paging.</summary>
    public string ListKey { get; set; } = "";

    /// <summary>One delivery per event and webhook: a name-based id (SHA-256 of both ids, RFC 9562 version 8).</summary>
    public static Guid IdFor(Guid eventId, Guid webhookId)
    {
        Span<byte> ids = stackalloc byte[32];
        eventId.TryWriteBytes(ids[..16], bigEndian: true, out _);
        webhookId.TryWriteBytes(ids[16..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(ids, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public static WebhookDelivery Create(Guid eventId, Webhook webhook, string eventType, Guid ticketId, string body, DateTimeOffset now)
    {
        var id = IdFor(eventId, webhook.Id);
        return new WebhookDelivery
        {
            Id = id,
            WebhookId = webhook.Id,
            EventId = eventId,
            EventType = eventType,
            TicketId = ticketId,
            Body = body,
            Status = WebhookDeliveryStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            ListKey = Support.Modules.Shared.Http.Paging.NewestFirstKey(now, id),
        };
    }

    /// <summary>Records an attempt: delivered on 2xx; else retried with back-off until the retry period is over, then dead.</summary>
    public void Record(DeliveryAttempt attempt, WebhookOptions options)
    {
        Attempts.Add(attempt);
        if (Attempts.Count > AttemptsKept)
        {
            Attempts.RemoveRange(0, Attempts.Count - AttemptsKept);
        }

        AttemptCount++;
        ClaimId = null;
        RetryUntil ??= attempt.At + options.RetryFor;
        if (attempt.Succeeded)
        {
            Status = WebhookDeliveryStatus.Delivered;
            DeliveredAt = attempt.At;
            SettledAt = attempt.At;
            NextAttemptAt = null;
            return;
        }

        Failures++;
        if (attempt.At >= RetryUntil)
        {
            Die($"No 2xx answer in {AttemptCount} attempt(s) over the retry period; replay it once the receiver is fixed.", attempt.At);
            return;
        }

        NextAttemptAt = attempt.At + options.RetryDelay(Failures);
    }

    public void Die(string reason, DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Dead;
        SettledAt = now;
        DeadReason = reason;
        NextAttemptAt = null;
        ClaimId = null;
    }

    /// <summary>Queues it again, same id and body, with a fresh retry period.</summary>
    public void Replay(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Pending;
        NextAttemptAt = now;
        Failures = 0;
        RetryUntil = null;
        DeadReason = null;
        SettledAt = null;
        ClaimId = null;
    }
}

/// <summary>One attempt at posting a delivery.</summary>
/// <param name="At">When it was sent.</param>
/// <param name="StatusCode">The receiver's HTTP status code; null when no answer came (see <c>error</c>).</param>
/// <param name="Error">Why the attempt failed: no answer in time, a connection error, a refused target, or the non-2xx status. Null when it succeeded.</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
internal sealed record DeliveryAttemptView(DateTimeOffset At, int? StatusCode, string? Error, long DurationMs);

/// <summary>An event posted, or to be posted, to a webhook, with every attempt (NO-6).</summary>
/// <param name="Id">The delivery's id: the <c>Support-Delivery</c> header, the same on every attempt and replay.</param>
/// <param name="WebhookId">The webhook.</param>
/// <param name="EventId">The event's id: the body's <c>id</c>.</param>
/// <param name="EventType">The event's type, e.g. <c>ticket_status_changed</c>: the <c>Support-Event</c> header.</param>
/// <param name="TicketId">The ticket the event is about.</param>
/// <param name="Status">pending, delivered or dead.</param>
/// <param name="AttemptCount">How many attempts were made in all.</param>
/// <param name="Attempts">The attempts, oldest first (the last 50).</param>
/// <param name="NextAttemptAt">When it is posted (again), while pending.</param>
/// <param name="DeadReason">Why it was given up, when dead.</param>
/// <param name="CreatedAt">When the event was queued for this webhook.</param>
/// <param name="DeliveredAt">When the receiver answered 2xx.</param>
internal sealed record WebhookDeliveryView(
    Guid Id,
    Guid WebhookId,
    Guid EventId,
    string EventType,
    Guid TicketId,
    WebhookDeliveryStatus Status,
    int AttemptCount,
    IReadOnlyList<DeliveryAttemptView> Attempts,
    DateTimeOffset? NextAttemptAt,
    string? DeadReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt)
{
    [JsonIgnore]
    public string Location => $"/api/v1/webhooks/{WebhookId}/deliveries/{Id}";

    public static WebhookDeliveryView From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.WebhookId, delivery.EventId, delivery.EventType, delivery.TicketId, delivery.Status, delivery.AttemptCount,
        delivery.Attempts.Select(a => new DeliveryAttemptView(a.At, a.StatusCode, a.Error, a.DurationMs)).ToList(),
        delivery.NextAttemptAt, delivery.DeadReason, delivery.CreatedAt, delivery.DeliveredAt);
}
