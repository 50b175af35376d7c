using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;

namespace Support.Modules.Triage.Tickets;

/// <summary>
/// The one place that says which status may follow which (TR-3). Every state change goes through
/// <see cref="Ensure"/>, so the API's 409 always names what the current status allows.
/// </summary>
internal static class TicketLifecycle
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Next = new()
    {
        [TicketStatus.New] = [TicketStatus.InProgress, TicketStatus.WaitingOnCustomer, TicketStatus.WaitingOnDevelopment, TicketStatus.WaitingOnProduct, TicketStatus.Resolved],
        [TicketStatus.InProgress] = [TicketStatus.WaitingOnCustomer, TicketStatus.WaitingOnDevelopment, TicketStatus.WaitingOnProduct, TicketStatus.Resolved],

        // Asking the customer again while waiting re-arms the reminders.
        // The customer's answer may be that a deployed fix does not work: back to development (ES-3).
        [TicketStatus.WaitingOnCustomer] = [TicketStatus.InProgress, TicketStatus.WaitingOnCustomer, TicketStatus.WaitingOnDevelopment, TicketStatus.Resolved],
        [TicketStatus.WaitingOnDevelopment] = [TicketStatus.InProgress, TicketStatus.Resolved],
        [TicketStatus.WaitingOnProduct] = [TicketStatus.InProgress, TicketStatus.Resolved],

        // Reopened (within the window) or closed for good.
        [TicketStatus.Resolved] = [TicketStatus.InProgress, TicketStatus.Closed],
        [TicketStatus.Closed] = [],
    };

    public static bool CanTransition(TicketStatus from, TicketStatus to) => Next[from].Contains(to);

    public static IReadOnlyList<TicketStatus> AllowedFrom(TicketStatus from) => Next[from];

    /// <summary>Tickets that are still being worked on: not resolved, not closed.</summary>
    public static bool IsOpen(TicketStatus status) => status is not (TicketStatus.Resolved or TicketStatus.Closed);

    /// <exception cref="ConflictException">The transition is not allowed; the problem lists the ones that are.</exception>
    public static void Ensure(TicketStatus from, TicketStatus to, string action)
    {
        if (!CanTransition(from, to))
        {
            throw NotAllowed(from, action, $"it would move the ticket from {Name(from)} to {Name(to)}");
        }
    }

    /// <summary>The 409 for an action the current status does not allow, naming the transitions it does.</summary>
    public static ConflictException NotAllowed(TicketStatus from, string action, string why)
    {
        var allowed = AllowedFrom(from).Select(Name).ToArray();
        var next = allowed.Length == 0
            ? $"A {Name(from)} ticket allows no change of status."
            : $"From {Name(from)} a ticket can move to: {string.Join(", ", allowed)}.";
        return new ConflictException(
            "This change is not allowed in the ticket's current status",
            $"Cannot {action}: {why}. {next}",
            new Dictionary<string, object?> { ["currentStatus"] = Name(from), ["allowedTransitions"] = allowed });
    }

    /// <summary>The status as the API writes it (<c>waiting_on_customer</c>).</summary>
    public static string Name(TicketStatus status) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
