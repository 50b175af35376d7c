namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>Settings under <c>Support:Tickets:Stream</c>: how the live ticket streams (CT-2) wake up and keep their connections.</summary>
internal sealed class TicketStreamOptions
{
    public const string Section = "Support:Tickets:Stream";

    /// <summary>
    /// How often this instance checks the database for changes committed by other instances to the tickets
    /// it streams (one query for all of them). Changes committed here wake the streams at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest a stream stays silent: after this, it sends a <c>: keep-alive</c> comment so proxies keep the connection.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
