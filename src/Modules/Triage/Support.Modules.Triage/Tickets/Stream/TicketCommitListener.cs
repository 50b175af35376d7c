using Marten;
using Marten.Services;

namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>The fast path of the live streams: once a transaction that appended events has committed here, wakes the streams following those tickets.</summary>
internal sealed class TicketCommitListener(TicketChangeNotifier notifier) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var stream in commit.GetStreams())
        {
            notifier.Changed(stream.Id);
        }

        return Task.CompletedTask;
    }
}
