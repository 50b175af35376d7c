using Support.Modules.Intake.Contracts;

namespace Support.Modules.Triage.Queue;

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
