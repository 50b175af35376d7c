using JasperFx.Events.Aggregation;
using Marten;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Tickets.GetHistory;

namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>One change of a ticket as its live stream sends it: its history entry, and the status it left the ticket in.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Version">The ticket's version after this change: also the SSE <c>id</c>.</param>
/// <param name="Type">What happened, as in the history: also the SSE <c>event</c>.</param>
/// <param name="At">When.</param>
/// <param name="By">Who: an API key id for staff; for partners, <c>support</c> or <c>requester</c>.</param>
/// <param name="Data">What changed; partners get its public part only.</param>
/// <param name="Status">The ticket's status after the change.</param>
/// <param name="PreviousStatus">Its status before the change (null for <c>submitted</c>): the change moved the ticket when the two differ.</param>
internal sealed record TicketStreamEntry(
    Guid Id, long Version, string Type, DateTimeOffset At, string By, IReadOnlyDictionary<string, object?> Data,
    TicketStatus Status, TicketStatus? PreviousStatus);

/// <summary>
/// Reads a ticket's event stream forward, one short query session per read (no connection is held
/// between reads), and describes each change for one caller. The events are folded through the same
/// aggregation as the <see cref="Ticket"/> snapshot, so the status sent with each change is the one the
/// ticket had right after it.
/// </summary>
internal sealed class TicketFeed
{
    private readonly IDocumentStore _store;
    private readonly IAggregator<Ticket, IQuerySession> _aggregator;
    private readonly Guid _ticketId;
    private readonly bool _staff;
    private readonly long _sendAfter;
    private Ticket? _state;

    private TicketFeed(IDocumentStore store, Guid ticketId, bool staff, Ticket? state, long sendAfter)
    {
        _store = store;
        _aggregator = (store as DocumentStore ?? throw new InvalidOperationException("The live ticket stream needs Marten's DocumentStore."))
            .Options.Projections.AggregatorFor<Ticket>();
        _ticketId = ticketId;
        _staff = staff;
        _state = state;
        Version = state?.Revision ?? 0;
        _sendAfter = sendAfter;
    }

    /// <summary>The version of the stream read so far, changes not for this caller included.</summary>
    public long Version { get; private set; }

    /// <summary>New changes only: starts from the snapshot just read.</summary>
    public static TicketFeed From(IDocumentStore store, Ticket ticket, bool staff) => new(store, ticket.Id, staff, ticket, ticket.Revision);

    /// <summary>Resuming: replays the stream from its start to know each status, and sends the changes after <paramref name="version"/>.</summary>
    public static TicketFeed After(IDocumentStore store, Guid ticketId, long version, bool staff) => new(store, ticketId, staff, null, version);

    /// <summary>The changes committed since the last read, oldest first, those the caller may see.</summary>
    public async Task<IReadOnlyList<TicketStreamEntry>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var session = _store.QuerySession();
        var events = await session.Events.FetchStreamAsync(_ticketId, fromVersion: Version + 1, token: cancellationToken);
        var entries = new List<TicketStreamEntry>();
        foreach (var recorded in events)
        {
            var before = _state?.Status;
            var after = await _aggregator.BuildAsync([recorded], session, _state, cancellationToken)
                ?? throw new InvalidOperationException($"Ticket {_ticketId} has no state after version {recorded.Version}.");
            _state = after;
            Version = recorded.Version;
            if (recorded.Version > _sendAfter && TicketHistory.Describe(recorded, _staff) is { } entry)
            {
                entries.Add(new TicketStreamEntry(entry.Id, entry.Version, entry.Type, entry.At, entry.By, entry.Data, after.Status, before));
            }
        }

        return entries;
    }
}
