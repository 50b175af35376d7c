using JasperFx;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Support.Modules.Notifications.Webhooks.Deliveries;

namespace Support.Modules.Notifications.Webhooks.Delivery;

/// <summary>
/// Posts due deliveries, on every host at once without posting one twice: a host claims deliveries
/// with <c>select … for update skip locked</c> and moves their next attempt past its claim period in
/// the same transaction, so another host neither waits for them nor sees them due. Only the host
/// holding the claim records the outcome. A host that dies mid-post leaves the delivery to the others
/// once the claim period is over: the receiver then gets it twice, with the same <c>Support-Delivery</c>.
/// Woken when a due delivery commits here, and polls for retries and for other hosts' deliveries.
/// </summary>
internal sealed class WebhookDeliveryWorker(
    IDocumentStore store, WebhookSender sender, WebhookSignal signal, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var concurrency = Math.Max(1, settings.Concurrency);
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new List<Task>();
        var nextCleanup = clock.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(task => task.IsCompleted);
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    await CleanUpSafelyAsync(stoppingToken);
                    nextCleanup = clock.GetUtcNow() + settings.CleanupInterval;
                }

                var wanted = slots.CurrentCount;
                IReadOnlyList<WebhookDelivery> claimed = wanted == 0 ? [] : await ClaimSafelyAsync(wanted, stoppingToken);
                foreach (var delivery in claimed)
                {
                    await slots.WaitAsync(stoppingToken);
                    running.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await DeliverAsync(delivery, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                            signal.Wake();
                        }
                    }, CancellationToken.None));
                }

                // A full batch may mean more are due: claim again at once.
                if (claimed.Count == 0 || claimed.Count < wanted)
                {
                    await signal.WaitAsync(settings.PollInterval, clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Posts cut short by the shutdown keep their claim: another host, or this one after a restart, posts them again.
        await Task.WhenAll(running);
    }

    private async Task<IReadOnlyList<WebhookDelivery>> ClaimSafelyAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            return await ClaimAsync(count, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Claiming due webhook deliveries failed; trying again at the next poll");
            return [];
        }
    }

    /// <summary>
    /// Removes delivered and dead deliveries whose last attempt is older than the retention. Every host
    /// does it now and then; two doing it at once delete the same rows, which is harmless.
    /// </summary>
    private async Task CleanUpSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var cutoff = clock.GetUtcNow() - options.Value.KeepDeliveriesFor;
            await using var session = store.LightweightSession();
            session.DeleteWhere<WebhookDelivery>(d => d.NextAttemptAt == null && d.SettledAt < cutoff);
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Removing old webhook deliveries failed; trying again later");
        }
    }

    /// <summary>Takes up to <paramref name="count"/> due deliveries for this host for the claim period.</summary>
    internal async Task<IReadOnlyList<WebhookDelivery>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(cancellationToken);
        var due = await session.QueryAsync<WebhookDelivery>(
            "where next_attempt_at <= ? order by next_attempt_at limit ? for update skip locked", cancellationToken, now, count);
        if (due.Count == 0)
        {
            return due;
        }

        foreach (var delivery in due)
        {
            delivery.ClaimId = Guid.NewGuid();
            delivery.NextAttemptAt = now + options.Value.ClaimFor;
            session.Store(delivery);
        }

        await session.SaveChangesAsync(cancellationToken);
        return due;
    }

    /// <summary>Posts one claimed delivery and records the attempt.</summary>
    internal async Task DeliverAsync(WebhookDelivery claimed, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            var delivery = await session.LoadAsync<WebhookDelivery>(claimed.Id, cancellationToken);
            if (delivery is null || delivery.ClaimId != claimed.ClaimId)
            {
                return; // The webhook was deleted, or our claim ran out and another host took it.
            }

            var webhook = await session.LoadAsync<Webhook>(delivery.WebhookId, cancellationToken);
            if (webhook is null)
            {
                session.Delete(delivery);
            }
            else if (!webhook.Active)
            {
                delivery.Die("The webhook was paused before this delivery was sent; replay it once the webhook is active again.", clock.GetUtcNow());
                session.Store(delivery);
            }
            else
            {
                var attempt = await sender.SendAsync(delivery, webhook, cancellationToken);
                delivery.Record(attempt, options.Value);
                session.Store(delivery);
                if (!attempt.Succeeded)
                {
                    logger.LogInformation("Webhook delivery {DeliveryId} to {WebhookId} failed: {Error}", delivery.Id, webhook.Id, attempt.Error);
                }
            }

            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyException)
        {
            // Changed meanwhile (a claim that ran out, then another host's outcome): that record stands.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-post: the claim runs out and the delivery is posted again.
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The claim runs out and the delivery is posted again.
            logger.LogError(exception, "Recording webhook delivery {DeliveryId} failed", claimed.Id);
        }
    }
}
