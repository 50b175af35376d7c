namespace Support.Modules.Shared.Messaging;

/// <summary>
/// An integration event waiting to be delivered. Written in the same transaction as the change
/// that raised it; deleted once every handler has handled it.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The event's own id.</summary>
    public Guid Id { get; set; }

    public string EventType { get; set; } = "";

    public string Payload { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Not before this: the time of recording, then the back-off after each failure. The sweeper also leaves a never-tried event to the pump for a grace period.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

/// <summary>Marks that one handler has handled one event, committed together with the handler's own writes.</summary>
public sealed class HandledEvent
{
    /// <summary><c>{handler type}/{event id}</c>.</summary>
    public string Id { get; set; } = "";

    public DateTimeOffset HandledAt { get; set; }
}
