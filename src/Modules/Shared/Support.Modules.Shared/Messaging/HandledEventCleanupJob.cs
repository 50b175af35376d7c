using Marten;
using Microsoft.Extensions.Options;
using Quartz;

namespace Support.Modules.Shared.Messaging;

/// <summary>
/// Deletes the handlers' "handled" markers once they can no longer matter: past the retention, and
/// their event gone from the outbox (every handler done). A marker of an event some handler still
/// retries is kept, so the handlers that already handled it are never run again. Bounded batches,
/// clustered: one host at a time.
/// </summary>
[DisallowConcurrentExecution]
public sealed class HandledEventCleanupJob(IDocumentStore store, IOptions<OutboxOptions> options, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("handled-event-cleanup", "messaging");
    public const int BatchSize = 500;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await DeleteSettledAsync(cancellationToken);

    /// <summary>Deletes every settled marker past the retention; answers how many.</summary>
    public async Task<int> DeleteSettledAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        var after = DateTimeOffset.MinValue;
        var cutoff = clock.GetUtcNow() - options.Value.MarkerRetention;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var session = store.LightweightSession();
            var markers = await session.Query<HandledEvent>()
                .Where(m => m.HandledAt < cutoff && m.HandledAt >= after)
                .OrderBy(m => m.HandledAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (markers.Count == 0)
            {
                break;
            }

            var events = markers.Select(m => EventIdOf(m.Id)).OfType<Guid>().Distinct().ToList();
            var pending = (await session.LoadManyAsync<OutboxMessage>(cancellationToken, events)).Select(m => m.Id).ToHashSet();
            var settled = markers.Where(m => EventIdOf(m.Id) is { } id && !pending.Contains(id)).ToList();
            foreach (var marker in settled)
            {
                session.Delete(marker);
            }

            await session.SaveChangesAsync(cancellationToken);
            deleted += settled.Count;
            if (markers.Count < BatchSize)
            {
                break;
            }

            // Kept markers (their event still pending) are stepped over, so the loop always moves on.
            after = markers[^1].HandledAt;
            if (settled.Count == 0)
            {
                after = after.AddTicks(1);
            }
        }

        return deleted;
    }

    private static Guid? EventIdOf(string marker) =>
        Guid.TryParse(marker.AsSpan(marker.LastIndexOf('/') + 1), out var id) ? id : null;
}
