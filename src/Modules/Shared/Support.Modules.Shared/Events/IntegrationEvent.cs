using MediatR;

namespace Support.Modules.Shared.Events;

/// <summary>
/// A fact one module announces to the others. Published through the durable outbox
/// (<see cref="Messaging.OutboxSessionExtensions.PublishOnCommit"/>): recorded in the same
/// transaction as the change that caused it, delivered after commit, retried until handled.
/// </summary>
public abstract record IntegrationEvent : INotification
{
    /// <summary>Unique id of this event: receivers deduplicate on it.</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    /// <summary>When the change this event announces happened.</summary>
    public DateTimeOffset OccurredAt { get; init; }
}
