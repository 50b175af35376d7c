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
