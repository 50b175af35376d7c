namespace Support.Modules.Notifications.Webhooks;

/// <summary>Settings under <c>Support:Webhooks</c> (NO-6).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Support:Webhooks";

    /// <summary>The wait after a first failed attempt; doubled after each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after its first attempt a delivery keeps being retried; the first failure after that
    /// makes it dead (replayable from the delivery log).
    /// </summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the secret before a rotation still signs deliveries, next to the new one.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// When false (the default), targets that are or resolve to private, loopback, link-local or
    /// unspecified addresses are refused, at registration and again at each delivery. Tests and
    /// on-premises installations that post to their own network set it to true.
    /// </summary>
    public bool AllowPrivateNetworkTargets { get; set; }

    /// <summary>How long one attempt waits for the receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the worker looks for due retries and deliveries committed by other hosts.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long delivered and dead deliveries stay in the log after their last attempt; pending ones stay until settled.</summary>
    public TimeSpan KeepDeliveriesFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Deliveries posted at the same time by one host: a slow receiver does not hold up the others.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// How long a claimed delivery belongs to the host that claimed it. A host that dies while posting
    /// leaves it to the others after this, which is the one case where a receiver may get it twice.
    /// </summary>
    public TimeSpan ClaimFor => Timeout + TimeSpan.FromSeconds(30);

    /// <summary>How often each host removes settled deliveries older than <see cref="KeepDeliveriesFor"/>: hourly, or faster for a short retention.</summary>
    public TimeSpan CleanupInterval => TimeSpan.FromTicks(Math.Clamp(KeepDeliveriesFor.Ticks / 2, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromHours(1).Ticks));

    /// <summary>The wait before the next attempt, after <paramref name="failures"/> failed attempts in a row.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, MaxRetryDelay.Ticks));
    }
}
