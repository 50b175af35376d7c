namespace Support.Modules.Intake.Email;

/// <summary>Settings under <c>Support:Mail:Inbound</c>: email intake (IN-5).</summary>
internal sealed class InboundMailOptions
{
    public const string Section = "Support:Mail:Inbound";

    /// <summary>How often a mailbox is looked at when its server does not offer IMAP IDLE, and the longest an IDLE lasts.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Above this many messages from one sender in an hour, the next ones are kept, flagged throttled, and not answered.</summary>
    public int MaxPerSenderPerHour { get; set; } = 20;

    /// <summary>A larger message is quarantined (kept whole for an administrator) instead of ingested.</summary>
    public long MaxMessageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The queue of a message none of whose recipients is a queue's intake address.</summary>
    public string DefaultQueue { get; set; } = "technical-support";

    /// <summary>How long to wait after a mailbox's server failed before trying it again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
