using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>
/// The path for changes committed by another instance of the service, which this process's commit
/// listener never sees: every <see cref="TicketStreamOptions.PollInterval"/>, one query reads the version
/// of every ticket streamed here and wakes the streams that are behind. Nothing is queried while no
/// stream is open.
/// </summary>
internal sealed class TicketStreamPoller(
    TicketChangeNotifier notifier, IDocumentStore store, IOptions<TicketStreamOptions> options, TimeProvider time, ILogger<TicketStreamPoller> logger)
    : BackgroundService
{
    private const int TicketsPerQuery = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var watched = notifier.WatchedTickets();
                if (watched.Length == 0)
                {
                    continue;
                }

                try
                {
                    await PollAsync(watched, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The streams keep their own position: the next poll catches up.
                    logger.LogWarning(exception, "Polling the versions of {Count} streamed tickets failed", watched.Length);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollAsync(Guid[] watched, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        foreach (var tickets in watched.Chunk(TicketsPerQuery))
        {
            // The snapshot is committed with the events and counts them: its revision is the stream's version.
            var versions = await session.Query<Ticket>()
                .Where(t => t.Id.IsOneOf(tickets))
                .Select(t => new { t.Id, t.Revision })
                .ToListAsync(cancellationToken);
            foreach (var ticket in versions)
            {
                notifier.Observed(ticket.Id, ticket.Revision);
            }
        }
    }
}
