namespace Support.Modules.Notifications.Mail;

/// <summary>The record of one email handed to the mail transport.</summary>
internal sealed class SentEmail
{
    /// <summary>The Message-ID, without angle brackets.</summary>
    public string Id { get; set; } = "";

    public Guid TicketId { get; set; }

    public string Template { get; set; } = "";

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public DateTimeOffset SentAt { get; set; }
}
