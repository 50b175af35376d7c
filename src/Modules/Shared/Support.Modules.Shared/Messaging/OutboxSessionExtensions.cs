using System.Text.Json;
using Marten;
using Support.Modules.Shared.Events;
using Support.Modules.Shared.Json;

namespace Support.Modules.Shared.Messaging;

public static class OutboxSessionExtensions
{
    /// <summary>
    /// Records the event in this session's unit of work: it is delivered to its handlers only if,
    /// and as soon as, <c>SaveChangesAsync</c> commits.
    /// </summary>
    public static void PublishOnCommit(this IDocumentSession session, IntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        session.Insert(new OutboxMessage
        {
            Id = integrationEvent.EventId,
            EventType = IntegrationEventTypes.NameOf(type),
            Payload = JsonSerializer.Serialize(integrationEvent, type, SupportJson.Options),
            RecordedAt = integrationEvent.OccurredAt,
            NextAttemptAt = integrationEvent.OccurredAt,
        });
    }
}
