using Support.Modules.Intake.Contracts;

namespace Support.Modules.Notifications.CustomerEmails;

/// <summary>
/// Who a ticket's emails go to and what they are about, kept by this module from the ticket's
/// opening (<see cref="TicketSubmitted"/>), so that every later email renders without asking another
/// module. Its id is the ticket's.
/// </summary>
internal sealed class TicketRecipient
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    public RequesterContact Requester { get; set; } = new("", "");

    public Language Language { get; set; }

    public string Subject { get; set; } = "";

    public TicketCategory Category { get; set; }

    /// <summary>Where the requester's replies go: the intake address of the ticket's queue (its emails' <c>Reply-To</c>); null for <c>Support:Mail:From</c>.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The last thing support asked the requester (for the reminders).</summary>
    public string? PendingQuestion { get; set; }
}

/// <summary>An administrator's replacement of a default template (NO-5); its id is <c>{name}.{language}</c>.</summary>
internal sealed class TemplateOverride
{
    public string Id { get; set; } = "";

    public string Source { get; set; } = "";

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
