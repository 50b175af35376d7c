using System.Collections.Concurrent;
using MediatR;
using Support.Modules.Shared.Events;

namespace Support.Testing;

/// <summary>Records the integration events it is delivered, for tests that register it as one more handler.</summary>
public sealed class Recorder<TEvent>(ConcurrentQueue<IntegrationEvent> received) : INotificationHandler<TEvent>
    where TEvent : IntegrationEvent
{
    public Task Handle(TEvent notification, CancellationToken cancellationToken)
    {
        received.Enqueue(notification);
        return Task.CompletedTask;
    }
}
