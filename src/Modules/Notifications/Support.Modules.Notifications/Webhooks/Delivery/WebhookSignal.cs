using Marten;
using Marten.Services;
using Support.Modules.Notifications.Webhooks.Deliveries;

namespace Support.Modules.Notifications.Webhooks.Delivery;

/// <summary>Wakes the delivery worker: a delivery is due now (just committed, or replayed), or a slot is free.</summary>
internal sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one wake-up covers any number of deliveries.
        }
    }

    /// <summary>Waits for a wake-up, at most <paramref name="timeout"/> (measured with <paramref name="clock"/>).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// The fast path: once a transaction with a delivery that is due now has committed in this process
/// (an event fanned out, a replay), wakes the worker. Other hosts' deliveries are found by its poll.
/// </summary>
internal sealed class WebhookCommitListener(WebhookSignal signal, TimeProvider clock) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        var now = clock.GetUtcNow();
        if (commit.Inserted.Concat(commit.Updated).OfType<WebhookDelivery>().Any(d => d.NextAttemptAt <= now))
        {
            signal.Wake();
        }

        return Task.CompletedTask;
    }
}
