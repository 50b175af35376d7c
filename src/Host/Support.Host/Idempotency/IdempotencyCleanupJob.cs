using Marten;
using Microsoft.Extensions.Options;
using Quartz;

namespace Support.Host.Idempotency;

/// <summary>
/// Deletes idempotency records past their retention, in bounded batches so one run never holds a
/// long transaction. Runs on the clustered Quartz scheduler: one host at a time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class IdempotencyCleanupJob(IDocumentStore store, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("idempotency-cleanup", "http");
    public const int BatchSize = 500;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await DeleteExpiredAsync(cancellationToken);
    }

    /// <summary>Deletes every expired record; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var expired = await session.Query<IdempotencyRecord>()
                .Where(r => r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt)
                .Select(r => r.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (expired.Count == 0)
            {
                break;
            }

            foreach (var id in expired)
            {
                session.Delete<IdempotencyRecord>(id);
            }

            await session.SaveChangesAsync(cancellationToken);
            deleted += expired.Count;
            if (expired.Count < BatchSize)
            {
                break;
            }
        }

        return deleted;
    }
}
