using Marten;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Messaging;

namespace Support.Modules.Intake.Tickets;

/// <summary>
/// How every ticket starts, whatever brought it in: a number, then <see cref="TicketSubmitted"/> as
/// the first event of its stream and as the integration event the other modules take it from, in
/// one transaction.
/// </summary>
internal static class TicketOpening
{
    public const string NumberSequence = "ticket_number";

    public static async Task<string> NextNumberAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var next = await session.QueryAsync<long>($"select nextval('{IntakeSchema.Name}.{NumberSequence}')", cancellationToken);
        return $"SUP-{next[0]}";
    }

    /// <summary>Records the opening in the session; the caller commits it.</summary>
    public static void Open(IDocumentSession session, TicketSubmitted submitted)
    {
        session.LastModifiedBy = submitted.SubmittedBy; // the event's "who" in the stream's metadata too (TR-6)
        session.Events.StartStream(submitted.TicketId, submitted);
        session.PublishOnCommit(submitted);
    }
}
