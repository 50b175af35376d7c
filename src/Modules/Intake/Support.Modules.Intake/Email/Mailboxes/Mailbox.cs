namespace Support.Modules.Intake.Email.Mailboxes;

/// <summary>An IMAP mailbox the service reads mail from (IN-5): one per team address, typically.</summary>
internal sealed class Mailbox
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public ImapSettings Imap { get; set; } = new();

    /// <summary>The queue of a new message from it none of whose recipients is a queue's intake address (Bcc, aliases); null for <c>Support:Mail:Inbound:DefaultQueue</c>.</summary>
    public string? Queue { get; set; }

    /// <summary>False to stop reading it without losing its settings and checkpoint.</summary>
    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Changes with every change of its settings: the hosts reading it reconnect with the new ones.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Where and how to read a mailbox.</summary>
internal sealed class ImapSettings
{
    public string Host { get; set; } = "";

    public int Port { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>The password, encrypted with ASP.NET Core Data Protection (keys in PostgreSQL): never stored nor shown in clear.</summary>
    public string ProtectedPassword { get; set; } = "";

    public bool UseTls { get; set; }

    public string Folder { get; set; } = "INBOX";

    /// <summary>Settings that name another mailbox (server, account or folder): its checkpoint does not apply any more.</summary>
    public bool IsSameMailboxAs(ImapSettings other) =>
        string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port
        && string.Equals(UserName, other.UserName, StringComparison.Ordinal) && string.Equals(Folder, other.Folder, StringComparison.Ordinal);
}

/// <summary>
/// How far a mailbox has been read, committed with each message's ingestion (so it is never ahead
/// of what was stored, nor behind it), and how its last poll went. Its id is the mailbox's.
/// </summary>
internal sealed class MailboxCheckpoint
{
    public Guid Id { get; set; }

    /// <summary>The server, account and folder it is about: a checkpoint of other settings does not apply.</summary>
    public string Mailbox { get; set; } = "";

    /// <summary>The folder's UIDVALIDITY: when the server changes it, UIDs start again and so does the reading (duplicates are recognised by Message-ID).</summary>
    public uint UidValidity { get; set; }

    /// <summary>The UID of the last message ingested (or quarantined).</summary>
    public uint LastUid { get; set; }

    public DateTimeOffset? LastPollAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }

    /// <summary>Whether the server offered IMAP IDLE: new mail is then read as it arrives, not at the next poll.</summary>
    public bool Idle { get; set; }
}
