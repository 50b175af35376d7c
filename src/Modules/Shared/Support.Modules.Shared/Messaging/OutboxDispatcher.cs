using System.Reflection;
using System.Text.Json;
using JasperFx;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Modules.Shared.Events;
using Support.Modules.Shared.Json;

namespace Support.Modules.Shared.Messaging;

/// <summary>
/// Delivers one outbox message to every MediatR <see cref="INotificationHandler{TNotification}"/> of its
/// event. Each handler runs in its own scope and transaction, which also records a
/// <see cref="HandledEvent"/> marker: a handler that already handled the event is skipped, so a retry
/// after a partial failure only re-runs the handlers that failed, and no handler sees an event twice.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IDocumentStore store,
    IntegrationEventTypes eventTypes,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly MethodInfo HandleMethod = typeof(OutboxDispatcher)
        .GetMethod(nameof(HandleAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>
    /// Delivers the message; returns false when a handler failed and a retry is scheduled. When it
    /// succeeds the message is deleted; if another worker delivered it meanwhile, the markers make
    /// this a no-op.
    /// </summary>
    public async Task<bool> DispatchAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var integrationEvent = Deserialize(message);
            await (Task)HandleMethod.MakeGenericMethod(integrationEvent.GetType()).Invoke(this, [integrationEvent, cancellationToken])!;
            await using var session = store.LightweightSession();
            session.Delete<OutboxMessage>(message.Id);
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            message.LastError = exception.ToString();
            message.NextAttemptAt = clock.GetUtcNow() + RetryDelay(message.Attempts);
            logger.LogError(exception, "Delivering {EventType} {EventId} failed (attempt {Attempts}); retrying at {NextAttemptAt}",
                message.EventType, message.Id, message.Attempts, message.NextAttemptAt);
            await using var session = store.LightweightSession();
            session.Store(message);
            await session.SaveChangesAsync(CancellationToken.None);
            return false;
        }
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
    }

    private IntegrationEvent Deserialize(OutboxMessage message)
    {
        var type = eventTypes.Find(message.EventType)
            ?? throw new InvalidOperationException($"No integration event type named {message.EventType} is loaded.");
        return (IntegrationEvent)(JsonSerializer.Deserialize(message.Payload, type, SupportJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload."));
    }

    private static string MarkerFor(Type handler, Guid eventId) => $"{handler.FullName}/{eventId}";

    private async Task HandleAsync<TEvent>(TEvent integrationEvent, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent
    {
        List<string> markers;
        HashSet<string> done;
        await using (var probe = scopes.CreateAsyncScope())
        {
            markers = probe.ServiceProvider.GetServices<INotificationHandler<TEvent>>()
                .Select(handler => MarkerFor(handler.GetType(), integrationEvent.EventId))
                .ToList();
            var handled = await probe.ServiceProvider.GetRequiredService<IQuerySession>()
                .LoadManyAsync<HandledEvent>(cancellationToken, markers);
            done = handled.Select(marker => marker.Id).ToHashSet();
        }

        List<Exception>? failures = null;
        for (var index = 0; index < markers.Count; index++)
        {
            if (done.Contains(markers[index]))
            {
                continue;
            }

            try
            {
                await HandleOnceAsync(index, markers[index], integrationEvent, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} handler(s) of {typeof(TEvent).Name} failed.", failures);
        }
    }

    private async Task HandleOnceAsync<TEvent>(int index, string marker, TEvent integrationEvent, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<INotificationHandler<TEvent>>().ElementAt(index);
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        await handler.Handle(integrationEvent, cancellationToken);
        session.Insert(new HandledEvent { Id = marker, HandledAt = clock.GetUtcNow() });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another worker handled the same event concurrently and committed first; our writes rolled back.
        }
    }
}
