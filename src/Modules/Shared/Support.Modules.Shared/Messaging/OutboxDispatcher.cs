using System.Reflection;
using System.Text.Json;
using Marten;
using JasperFx;
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
        .GetMethod(nameof(HandleAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Delivers the message; returns false when a handler failed and a retry is scheduled.</summary>
    public async Task<bool> DispatchAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var message = await session.LoadAsync<OutboxMessage>(messageId, cancellationToken);
        if (message is null)
        {
            return true; // delivered meanwhile by another worker
        }

        try
        {
            var integrationEvent = Deserialize(message);
            var handled = (Task)HandleMethod.MakeGenericMethod(integrationEvent.GetType())
                .Invoke(null, [scopes, integrationEvent, clock, cancellationToken])!;
            await handled;
            session.Delete(message);
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
            session.Update(message);
            await session.SaveChangesAsync(CancellationToken.None);
            return false;
        }
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return delay;
    }

    private IntegrationEvent Deserialize(OutboxMessage message)
    {
        var type = eventTypes.Find(message.EventType)
            ?? throw new InvalidOperationException($"No integration event type named {message.EventType} is loaded.");
        return (IntegrationEvent)(JsonSerializer.Deserialize(message.Payload, type, SupportJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload."));
    }

    private static async Task HandleAsync<TEvent>(
        IServiceScopeFactory scopes, TEvent integrationEvent, TimeProvider clock, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent
    {
        int handlerCount;
        await using (var probe = scopes.CreateAsyncScope())
        {
            handlerCount = probe.ServiceProvider.GetServices<INotificationHandler<TEvent>>().Count();
        }

        List<Exception>? failures = null;
        for (var index = 0; index < handlerCount; index++)
        {
            try
            {
                await HandleOnceAsync(scopes, index, integrationEvent, clock, cancellationToken);
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

    private static async Task HandleOnceAsync<TEvent>(
        IServiceScopeFactory scopes, int index, TEvent integrationEvent, TimeProvider clock, CancellationToken cancellationToken)
        where TEvent : IntegrationEvent
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<INotificationHandler<TEvent>>().ElementAt(index);
        var marker = $"{handler.GetType().FullName}/{integrationEvent.EventId}";
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        if (await session.LoadAsync<HandledEvent>(marker, cancellationToken) is not null)
        {
            return;
        }

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
