using Marten;
using Support.Modules.Shared.Messaging;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Escalation.Tickets;

/// <summary>One attempt of support to reproduce a reported bug (ES-1).</summary>
internal sealed class Reproduction
{
    public bool Reproduced { get; set; }

    public string? Notes { get; set; }

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Where one ticket stands in escalation, kept by this module so that its decisions never wait for
/// Triage to catch up: the reproductions (ES-1), the development issue (ES-2), the fix to confirm
/// (ES-3), the product suggestion (ES-5), and how many steps were published for Triage to record in
/// order. Its id is the ticket's.
/// </summary>
internal sealed class TicketEscalation
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public List<Reproduction> Reproductions { get; set; } = [];

    public Guid? DevelopmentIssueId { get; set; }

    /// <summary>The release whose fix is to be confirmed with the customer; null when none is.</summary>
    public string? FixToConfirm { get; set; }

    public Guid? SuggestionId { get; set; }

    public int Steps { get; set; }

    public bool? Reproduced => Reproductions.Count == 0 ? null : Reproductions[^1].Reproduced;

    public static TicketEscalation For(TicketFacts ticket) =>
        new() { Id = ticket.TicketId, Number = ticket.Number, OrganizationId = ticket.OrganizationId };

    /// <summary>Publishes the next step of this ticket, numbered so that Triage records the steps in order.</summary>
    public void Publish(IDocumentSession session, Func<int, TicketEvent> step, DateTimeOffset at)
    {
        Steps++;
        session.PublishOnCommit(step(Steps) with { OccurredAt = at });
        session.Store(this);
    }
}
