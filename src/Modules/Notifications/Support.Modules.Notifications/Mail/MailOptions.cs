namespace Support.Modules.Notifications.Mail;

/// <summary>Settings under <c>Support:Mail</c>.</summary>
internal sealed class MailOptions
{
    public const string Section = "Support:Mail";

    /// <summary>The sender of every email, e.g. <c>Support &lt;support@example.com&gt;</c>.</summary>
    public string From { get; set; } = "Support <support@support.localhost>";

    /// <summary>Where <c>.eml</c> files are written when no SMTP host is set.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The link to follow a ticket put in every email (NO-1); <c>{id}</c> and <c>{number}</c> are replaced.</summary>
    public string TicketUrl { get; set; } = "http://127.0.0.1:5080/api/v1/tickets/{id}";

    /// <summary>The delay before the second attempt of a failed email; it doubles each time, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts the email is marked failed, for an administrator to retry.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long a host's claim on an email lasts: after a crash mid-send, another host sends it after this.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often due retries are looked for when no new email wakes the sender.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

internal sealed class SmtpOptions
{
    /// <summary>When set, mail goes to this SMTP server instead of the pickup folder.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS required: implicit TLS on port 465, STARTTLS otherwise.</summary>
    public bool UseTls { get; set; }
}
