namespace Support.Modules.Triage.Tickets;

/// <summary>Settings under <c>Support:Tickets</c>.</summary>
internal sealed class TicketOptions
{
    public const string Section = "Support:Tickets";

    /// <summary>How long after its resolution a ticket can still be reopened (TR-6); later, a reopen opens a linked follow-up ticket.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(14);
}
