using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Attachments;

namespace Support.Modules.Intake.Email.Ingestion;

/// <summary>What became of a received email.</summary>
internal enum InboundEmailStatus
{
    /// <summary>It opened a ticket, or joined the ticket it answers.</summary>
    Ingested,

    /// <summary>A reply from an address that is neither the ticket's requester nor a contact of its organisation: an agent accepts it (or not).</summary>
    Held,

    /// <summary>Its sender sent more than the hourly limit: kept, not answered; an administrator releases it.</summary>
    Throttled,

    /// <summary>It could not be read or stored: kept whole, with the reason, for an administrator to retry.</summary>
    Quarantined,

    /// <summary>A delivery status notification (bounce): recorded as the failure of the email it is about, not as a ticket.</summary>
    Bounced,

    /// <summary>Sent from one of our own addresses: never ingested, so that nothing loops.</summary>
    Ignored,
}

/// <summary>
/// One received email, whatever became of it: the record that makes ingestion exactly once (its
/// <see cref="DedupeKey"/> is unique: the same message twice, by two mailboxes, two hosts or a
/// retry, is one record), and the place where what was not turned into a ticket waits, with its raw
/// message kept.
/// </summary>
internal sealed class InboundEmail
{
    public Guid Id { get; set; }

    /// <summary><c>mid:</c> and its Message-ID, or <c>sha:</c> and a hash of its sender, date, subject and body when it has none.</summary>
    public string DedupeKey { get; set; } = "";

    /// <summary>The mailbox it was read from; null when a mail server handed it over (<c>POST /api/v1/inbound/email</c>).</summary>
    public Guid? MailboxId { get; set; }

    public string? MessageId { get; set; }

    /// <summary>The sender's address, lower-case; empty when it had none.</summary>
    public string From { get; set; } = "";

    public string FromName { get; set; } = "";

    /// <summary>Its recipients (To, Cc, Delivered-To), lower-case.</summary>
    public List<string> Recipients { get; set; } = [];

    public string Subject { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When its sender says it was sent (its Date, if plausible; else when it came): the sender's hourly limit counts by it.</summary>
    public DateTimeOffset SentAt { get; set; }

    public InboundEmailStatus Status { get; set; }

    /// <summary>Why it was held, throttled, quarantined, bounced or ignored, in a sentence.</summary>
    public string? Reason { get; set; }

    /// <summary>An automatic message (auto-reply, list, mailer daemon): never answered.</summary>
    public bool Automatic { get; set; }

    /// <summary>The ticket it opened or answers (for a held reply: the one it claims to answer).</summary>
    public Guid? TicketId { get; set; }

    public string? TicketNumber { get; set; }

    /// <summary>How a reply found its ticket.</summary>
    public EmailThreadKey? MatchedBy { get; set; }

    /// <summary>The message as received, stored as an attachment (<c>.eml</c>).</summary>
    public AttachmentInfo Raw { get; set; } = new(Guid.Empty, "", "", 0, "");

    /// <summary>How many times it was processed: more than one after an administrator's retry.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Who last decided on it by hand (an API key id): the agent who accepted a held reply, the administrator who retried it.</summary>
    public string? DecidedBy { get; set; }

    /// <summary>Newest first, one comparable string, for keyset paging.</summary>
    public string ListKey { get; set; } = "";

    public static string ListKeyFor(DateTimeOffset receivedAt, Guid id) => Support.Modules.Shared.Http.Paging.NewestFirstKey(receivedAt, id);
}

/// <summary>A received email as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="MailboxId">The mailbox it was read from; null when a mail server handed it over.</param>
/// <param name="MessageId">Its Message-ID.</param>
/// <param name="From">Its sender's address.</param>
/// <param name="FromName">Its sender's name.</param>
/// <param name="Recipients">Its recipients (To, Cc, Delivered-To).</param>
/// <param name="Subject">Its subject.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="Status">ingested, held (a reply from an unknown address, for an agent to accept), throttled (over the sender's hourly limit, for an administrator to release), quarantined (could not be read or stored, for an administrator to retry), bounced (a delivery report about one of our emails) or ignored (from one of our own addresses).</param>
/// <param name="Reason">Why it was not ingested, in a sentence.</param>
/// <param name="Automatic">An automatic message (auto-reply, list, mailer daemon): never answered.</param>
/// <param name="TicketId">The ticket it opened or answers.</param>
/// <param name="TicketNumber">That ticket's number.</param>
/// <param name="MatchedBy">How a reply found its ticket: message_id, subject_token or hidden_reference.</param>
/// <param name="Size">The raw message's size in bytes; <c>GET …/{id}/raw</c> downloads it.</param>
/// <param name="Attempts">How many times it was processed.</param>
/// <param name="ProcessedAt">When it was last processed.</param>
internal sealed record InboundEmailView(
    Guid Id, Guid? MailboxId, string? MessageId, string From, string FromName, IReadOnlyList<string> Recipients, string Subject, DateTimeOffset ReceivedAt,
    InboundEmailStatus Status, string? Reason, bool Automatic, Guid? TicketId, string? TicketNumber, EmailThreadKey? MatchedBy, long Size, int Attempts,
    DateTimeOffset? ProcessedAt)
{
    public static InboundEmailView For(InboundEmail e) => new(
        e.Id, e.MailboxId, e.MessageId, e.From, e.FromName, e.Recipients, e.Subject, e.ReceivedAt, e.Status, e.Reason, e.Automatic, e.TicketId,
        e.TicketNumber, e.MatchedBy, e.Raw.Size, e.Attempts, e.ProcessedAt);
}
