namespace Support.Modules.Notifications.Mail;

/// <summary>Where an email stands in the mail outbox (NO-7).</summary>
internal enum EmailStatus
{
    /// <summary>Waiting to be sent, or to be tried again after a failure.</summary>
    Pending,

    /// <summary>Accepted by the SMTP server (or written to the pickup folder).</summary>
    Sent,

    /// <summary>Every attempt failed: an administrator can read the error and send it again.</summary>
    Failed,

    /// <summary>Accepted, then returned by the recipient's side (a delivery status notification came back): its report is the last error.</summary>
    Bounced,
}

/// <summary>
/// One email to a requester, rendered and recorded in the transaction that handles its event, then
/// sent by <see cref="MailSender"/>: never lost (it is in the database before anything is sent),
/// never sent twice (a host claims it before sending and records the outcome after), except after a
/// crash between the server's acceptance and the record, and then with the same Message-ID.
/// </summary>
internal sealed class OutgoingEmail
{
    public Guid Id { get; set; }

    /// <summary>The Message-ID, without angle brackets: the ticket's thread root for its first email.</summary>
    public string MessageId { get; set; } = "";

    public Guid TicketId { get; set; }

    /// <summary>Where replies go (<c>Reply-To</c>): the intake address of the ticket's queue, read by email intake.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The Message-ID of the requester's email this one answers (the acknowledgement of a ticket opened by email).</summary>
    public string? Answers { get; set; }

    public string TicketNumber { get; set; } = "";

    /// <summary>The event it tells of (the template's name), e.g. <c>ticket-opened</c>.</summary>
    public string Template { get; set; } = "";

    public string Language { get; set; } = "";

    public string To { get; set; } = "";

    public string ToName { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    /// <summary>Sent by the system on its own (RFC 3834 <c>Auto-Submitted: auto-generated</c>), not written by a person.</summary>
    public bool Automatic { get; set; }

    public EmailStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>When a host may (try to) send it next; while one is sending it, the end of its claim.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When a delivery status notification said it could not be delivered.</summary>
    public DateTimeOffset? BouncedAt { get; set; }

    /// <summary>Newest first, one comparable string, for keyset paging.</summary>
    public string ListKey { get; set; } = "";

    public static string ListKeyFor(DateTimeOffset createdAt, Guid id) => Support.Modules.Shared.Http.Paging.NewestFirstKey(createdAt, id);
}
