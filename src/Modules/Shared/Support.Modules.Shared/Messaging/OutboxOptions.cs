namespace Support.Modules.Shared.Messaging;

/// <summary>Settings under <c>Support:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Support:Outbox";

    /// <summary>When false, nothing is delivered (used by tests to play a host that died after commit).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the Quartz sweep looks for events the pump did not deliver.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after commit the sweeper leaves an event to the in-process pump.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay; doubled on each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Concurrent deliveries by the in-process pump. Delivery waits mostly on PostgreSQL commits,
    /// so more workers than cores let commits share WAL flushes.
    /// </summary>
    public int Workers { get; set; } = 8;

    /// <summary>Events taken per sweep query; the sweep repeats until nothing due is left.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long a handler's "handled" marker is kept at least. Markers of events still in the outbox
    /// (some handler still failing) are always kept, whatever their age.
    /// </summary>
    public TimeSpan MarkerRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the clustered job deletes markers past their retention.</summary>
    public TimeSpan MarkerCleanupInterval { get; set; } = TimeSpan.FromMinutes(15);
}
