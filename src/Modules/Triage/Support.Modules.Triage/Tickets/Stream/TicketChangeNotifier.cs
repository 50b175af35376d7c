using System.Threading.Channels;

namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>
/// Wakes the live streams of a ticket (CT-2) when its event stream may have grown: at once when this
/// process committed the change (<see cref="TicketCommitListener"/>), within a poll when another
/// instance did (<see cref="TicketStreamPoller"/>). A wake-up carries no data: the stream reads what is
/// new from the event store, so a spurious or coalesced wake-up costs at most one read and loses nothing.
/// </summary>
internal sealed class TicketChangeNotifier
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, List<TicketWatch>> _watches = [];

    /// <summary>Starts watching a ticket; dispose the watch when the stream ends.</summary>
    public TicketWatch Watch(Guid ticketId)
    {
        var watch = new TicketWatch(this, ticketId);
        lock (_lock)
        {
            if (!_watches.TryGetValue(ticketId, out var watches))
            {
                _watches[ticketId] = watches = [];
            }

            watches.Add(watch);
        }

        return watch;
    }

    /// <summary>Events were committed to this stream by this process.</summary>
    public void Changed(Guid streamId)
    {
        foreach (var watch in WatchesOf(streamId))
        {
            watch.Wake();
        }
    }

    /// <summary>The ticket is at this version in the database: wakes the streams that have not read that far.</summary>
    public void Observed(Guid ticketId, long version)
    {
        foreach (var watch in WatchesOf(ticketId).Where(w => w.ReadUpTo < version))
        {
            watch.Wake();
        }
    }

    /// <summary>The tickets at least one stream of this process is following.</summary>
    public Guid[] WatchedTickets()
    {
        lock (_lock)
        {
            return [.. _watches.Keys];
        }
    }

    internal void Remove(TicketWatch watch)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(watch.TicketId, out var watches) && watches.Remove(watch) && watches.Count == 0)
            {
                _watches.Remove(watch.TicketId);
            }
        }
    }

    private TicketWatch[] WatchesOf(Guid ticketId)
    {
        lock (_lock)
        {
            return _watches.TryGetValue(ticketId, out var watches) ? [.. watches] : [];
        }
    }
}

/// <summary>One stream's interest in one ticket: wake-ups coalesce into at most one pending.</summary>
internal sealed class TicketWatch(TicketChangeNotifier notifier, Guid ticketId) : IDisposable
{
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _readUpTo;

    public Guid TicketId { get; } = ticketId;

    /// <summary>The version of the ticket's stream the stream has read up to (sent, or skipped as not for this caller).</summary>
    public long ReadUpTo
    {
        get => Interlocked.Read(ref _readUpTo);
        set => Interlocked.Exchange(ref _readUpTo, value);
    }

    public void Wake() => _wakeUps.Writer.TryWrite(true);

    /// <summary>Waits for a wake-up, at most <paramref name="timeout"/>: true when woken, false when the time ran out.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_wakeUps.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _wakeUps.Reader.WaitToReadAsync(either.Token);
            return _wakeUps.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => notifier.Remove(this);
}
