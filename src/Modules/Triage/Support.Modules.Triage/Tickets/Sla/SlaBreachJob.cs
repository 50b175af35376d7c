using JasperFx;
using Marten;
using Quartz;
using Support.Modules.Shared.Messaging;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Sla;

/// <summary>
/// Finds the clocks that just went past a due date with nothing done and publishes one
/// <see cref="TicketSlaBreached"/> per breach (for notifications, webhooks, dashboards), in bounded
/// batches until none is due. Clustered: one host at a time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SlaBreachJob(IDocumentStore store, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("sla-breaches", "triage");
    public const int BatchSize = 200;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await SweepAsync(cancellationToken);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var breaches = 0;
        var conflicts = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var found = 0;
            var now = clock.GetUtcNow();
            await using var session = store.LightweightSession();
            var due = await session.Query<SlaClock>().Where(c => c.NextCheckAt <= now).OrderBy(c => c.NextCheckAt).Take(BatchSize).ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            foreach (var sla in due)
            {
                if (sla.FirstRespondedAt is null && !sla.FirstResponseBreachPublished && now >= sla.FirstResponseDueAt)
                {
                    sla.FirstResponseBreachPublished = true;
                    session.PublishOnCommit(new TicketSlaBreached(sla.Id, sla.Number, sla.OrganizationId, "first_response", sla.FirstResponseDueAt) { OccurredAt = now });
                    found++;
                }

                if (sla.ResolvedAt is null && sla.PausedAt is null && !sla.ResolutionBreachPublished && now >= sla.ResolutionDueAt)
                {
                    sla.ResolutionBreachPublished = true;
                    session.PublishOnCommit(new TicketSlaBreached(sla.Id, sla.Number, sla.OrganizationId, "resolution", sla.ResolutionDueAt) { OccurredAt = now });
                    found++;
                }

                sla.Reschedule();
                if (sla.NextCheckAt is { } next && next <= now)
                {
                    sla.NextCheckAt = null; // nothing more can be due: a guard against sweeping it forever
                }

                session.Store(sla);
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
                breaches += found;
                conflicts = 0;
            }
            catch (Exception exception) when ((exception is ConcurrencyException or AggregateException) && ++conflicts < 5)
            {
                // A ticket moved meanwhile: nothing of the batch was recorded or published; the next pass of
                // this loop reads its clocks afresh. After five conflicts in a row the next sweep takes over.
            }
            catch (Exception exception) when (exception is ConcurrencyException or AggregateException)
            {
                break;
            }
        }

        return breaches;
    }
}
