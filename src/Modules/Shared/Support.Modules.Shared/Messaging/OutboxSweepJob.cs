using Marten;
using Microsoft.Extensions.Options;
using Quartz;

namespace Support.Modules.Shared.Messaging;

/// <summary>
/// Delivers what the pump did not: events committed by a process that stopped before publishing,
/// and retries after failures. Runs on the clustered Quartz scheduler, so one host at a time sweeps;
/// it takes due messages in bounded batches until none is left.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxSweepJob(
    IDocumentStore store, OutboxDispatcher dispatcher, OutboxSignal signal, IOptions<OutboxOptions> options, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("outbox-sweep", "messaging");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await SweepAsync(cancellationToken);
    }

    /// <summary>Delivers every due message; returns how many were delivered.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var delivered = 0;
        var failed = new HashSet<Guid>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var untouchedBefore = now - settings.Grace;

            // Leave out what this process's pump still holds (it delivers those) and what failed in
            // this sweep (due again only after its back-off), so the sweep ends instead of spinning.
            var skipped = signal.PendingIds().Concat(failed).ToArray();
            IReadOnlyList<OutboxMessage> due;
            await using (var session = store.QuerySession())
            {
                due = await session.Query<OutboxMessage>()
                    .Where(m => m.NextAttemptAt <= now && (m.Attempts > 0 || m.RecordedAt <= untouchedBefore))
                    .Where(m => !m.Id.IsOneOf(skipped))
                    .OrderBy(m => m.NextAttemptAt)
                    .Take(settings.BatchSize)
                    .ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                break;
            }

            foreach (var message in due)
            {
                if (await dispatcher.DispatchAsync(message, cancellationToken))
                {
                    delivered++;
                }
                else
                {
                    failed.Add(message.Id);
                }
            }
        }

        return delivered;
    }
}
