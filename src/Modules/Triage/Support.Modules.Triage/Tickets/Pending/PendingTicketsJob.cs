using JasperFx;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Pending;

/// <summary>
/// TR-4: reminds the requesters of tickets waiting on them at D+2 and D+5 and resolves the ticket as
/// <c>no_reply</c> at D+10 (offsets are settings). Sweeps the due <see cref="PendingTimer"/>s in
/// bounded batches, one transaction each, until none is due: nothing is capped, nothing skipped. Runs
/// on the clustered Quartz scheduler, one host at a time; each ticket's change is also checked by its
/// stream's version, so nothing is sent twice.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PendingTicketsJob(IDocumentStore store, IOptions<TicketOptions> tickets, TimeProvider clock,
    ILogger<PendingTicketsJob> logger) : IJob
{
    public static readonly JobKey Key = new("pending-tickets", "triage");
    public const int BatchSize = 200;
    public const string System = "system";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await SweepAsync(cancellationToken);

    /// <summary>Handles everything due now; answers how many timers it handled.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var handled = 0;
        var skipped = new HashSet<Guid>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            List<PendingTimer> due;
            await using (var query = store.QuerySession())
            {
                due = (await query.Query<PendingTimer>()
                    .Where(t => t.DueAt <= now)
                    .OrderBy(t => t.DueAt)
                    .Take(BatchSize + skipped.Count)
                    .ToListAsync(cancellationToken))
                    .Where(t => !skipped.Contains(t.Id)).Take(BatchSize).ToList();
            }

            if (due.Count == 0)
            {
                break;
            }

            if (!await HandleAsync(due, now, cancellationToken))
            {
                // Someone changed one of these tickets meanwhile: take them one by one, each read again, so the others go through.
                foreach (var timer in due)
                {
                    await using var reread = store.QuerySession();
                    if (await reread.LoadAsync<PendingTimer>(timer.Id, cancellationToken) is not { } current || current.DueAt > now)
                    {
                        continue;
                    }

                    if (!await HandleAsync([current], now, cancellationToken))
                    {
                        skipped.Add(timer.Id); // changed under us twice: the next sweep takes it up again
                    }
                }
            }

            handled += due.Count;
        }

        return handled;
    }

    private async Task<bool> HandleAsync(IReadOnlyList<PendingTimer> timers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        session.LastModifiedBy = System;
        foreach (var timer in timers)
        {
            var stream = await session.Events.FetchForWriting<Ticket>(timer.Id, cancellationToken);
            if (stream.Aggregate is not { Status: TicketStatus.WaitingOnCustomer } ticket || ticket.AwaitingSince != timer.Since)
            {
                // The customer answered, or support moved on: nothing is due any more. Only this wait's timer
                // goes: one support started meanwhile (same id, a later Since) stays.
                session.DeleteWhere<PendingTimer>(t => t.Id == timer.Id && t.Since == timer.Since);
                continue;
            }

            if (now >= timer.AutoResolveAt)
            {
                var note = $"No answer since {timer.Since:yyyy-MM-dd HH:mm} UTC.";
                stream.AppendOne(new Resolved(TicketResolution.NoReply, note, null, System, now));
                session.Publish(new TicketResolved(ticket.Id, ticket.Number, ticket.OrganizationId, TicketResolution.NoReply, note, null,
                    now + tickets.Value.ReopenWindow, "no_reply"), now);
                session.StatusChanged(ticket, ticket.Status, TicketStatus.Resolved, TicketResolution.NoReply, System, now);
                session.DeleteWhere<PendingTimer>(t => t.Id == timer.Id && t.Since == timer.Since);
                continue;
            }

            // A sweep that comes late (the scheduler was down) sends only the reminder that is due now.
            var reminder = now >= timer.SecondReminderAt ? 2 : 1;
            stream.AppendOne(new ReminderSent(reminder, System, now));
            session.Publish(new TicketPendingReminderDue(ticket.Id, ticket.Number, ticket.OrganizationId, reminder, timer.AutoResolveAt), now);
            timer.Step = reminder == 1 ? PendingStep.SecondReminder : PendingStep.AutoResolve;
            timer.DueAt = reminder == 1 ? timer.SecondReminderAt : timer.AutoResolveAt;
            session.Store(timer);
        }

        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is ConcurrencyException or AggregateException)
        {
            logger.LogInformation("A ticket changed while its reminder was being recorded; retried on its own.");
            return false;
        }
    }
}
