using Support.Modules.Intake.Contracts;

namespace Support.Modules.Triage.Queue;

/// <summary>Triage's own view of a ticket waiting to be worked on, kept from integration events.</summary>
internal sealed class QueueItem
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    public string Subject { get; set; } = "";

    public TicketCategory Category { get; set; }

    public TicketPriority Priority { get; set; }

    public TicketChannel Channel { get; set; }

    public string Queue { get; set; } = "";

    public TicketStatus Status { get; set; }

    public DateTimeOffset ArrivedAt { get; set; }

    /// <summary>The TR-1 position as one comparable string; the queue is read in this order with keyset paging.</summary>
    public string OrderKey { get; set; } = "";
}

/// <summary>
/// TR-1: bug reports first, by requester priority then arrival; every other category strictly
/// first-come, first-served. Encoded as one string whose ordinal order is the queue order.
/// </summary>
internal static class QueueOrder
{
    public static string KeyFor(TicketCategory category, TicketPriority priority, DateTimeOffset arrivedAt, Guid ticketId)
    {
        var isBug = category == TicketCategory.Bug;
        var band = isBug ? 0 : 1;
        var urgency = isBug ? TicketPriority.Critical - priority : 0;
        return $"{band}{urgency}{arrivedAt.UtcTicks:D19}{ticketId:N}";
    }
}
