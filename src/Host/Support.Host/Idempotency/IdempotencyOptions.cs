namespace Support.Host.Idempotency;

/// <summary>Settings under <c>Support:Idempotency</c>.</summary>
internal sealed class IdempotencyOptions
{
    public const string Section = "Support:Idempotency";

    /// <summary>How long a key is remembered after its first use; a retry after that runs as a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the clustered Quartz job deletes expired records.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(15);
}
