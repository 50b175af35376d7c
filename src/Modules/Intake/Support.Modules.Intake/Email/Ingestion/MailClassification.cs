using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Support.Modules.Intake.Email.Ingestion;

/// <summary>A delivery status notification about one of our emails (RFC 3464).</summary>
/// <param name="OriginalMessageId">The Message-ID of the email that could not be delivered.</param>
/// <param name="Recipient">The address it could not be delivered to.</param>
/// <param name="Status">The RFC 3463 status, e.g. <c>5.1.1</c>.</param>
/// <param name="Diagnostic">The remote server's words.</param>
/// <param name="Failed">It reports a failure (<c>Action: failed</c> or a 5.x.x status), not a delay or a success.</param>
internal sealed record DeliveryReport(string? OriginalMessageId, string? Recipient, string? Status, string? Diagnostic, bool Failed);

/// <summary>What intake tells from a message's headers before reading its content: its identity, whether a machine sent it, whether it is a bounce.</summary>
internal static class MailClassification
{
    /// <summary>The longest Message-ID kept as it is (longer ones are hashed in the key, cut in the record).</summary>
    public const int MaxIdLength = 500;

    private static readonly string[] AutomaticSenders = ["mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"];

    /// <summary>
    /// The key two copies of one message share, wherever they were read: its Message-ID, or without
    /// one a hash of what a relay does not change (sender, date, subject, body), not of the headers
    /// each hop adds.
    /// </summary>
    public static string DedupeKey(MimeMessage? message, byte[] raw)
    {
        if (message?.MessageId is { Length: > 0 } messageId)
        {
            // A Message-ID is any length a sender likes; an index entry is not (a long one is hashed).
            return messageId.Length <= MaxIdLength ? $"mid:{messageId}" : $"mid-sha:{Hash(Encoding.UTF8.GetBytes(messageId))}";
        }

        if (message is null)
        {
            return $"sha:{Hash(raw)}";
        }

        using var body = new MemoryStream();
        message.Body?.WriteTo(body);
        var identity = Encoding.UTF8.GetBytes($"{message.From}\n{message.Headers[HeaderId.Date]}\n{message.Subject}\n");
        return $"sha:{Hash([.. identity, .. body.ToArray()])}";
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Sent by a machine rather than a person (RFC 3834 and the headers mailing lists and
    /// autoresponders use): recorded, never answered, so that two robots never answer each other.
    /// </summary>
    public static bool IsAutomatic(MimeMessage message, MailboxAddress sender)
    {
        var headers = message.Headers;
        if (headers["Auto-Submitted"] is { } autoSubmitted
            && !autoSubmitted.Split(';')[0].Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headers["Precedence"]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return true;
        }

        // List-Unsubscribe alone is not enough: people write from marketing and CRM tools that add it.
        if (headers.Contains("List-Id") || headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond"))
        {
            return true;
        }

        // Exchange's way of asking for no automatic answer (OOF: out of office, AutoReply, All).
        if (headers["X-Auto-Response-Suppress"] is { } suppress
            && suppress.Split(',').Any(v => v.Trim() is "All" or "OOF" or "AutoReply"))
        {
            return true;
        }

        // The null reverse path of bounces and other notifications.
        if (headers[HeaderId.ReturnPath]?.Trim() == "<>")
        {
            return true;
        }

        var local = sender.LocalPart.ToLowerInvariant();
        return AutomaticSenders.Any(a => local == a || local.StartsWith(a + "+", StringComparison.Ordinal));
    }

    /// <summary>The delivery report a message is, or null when it is not one.</summary>
    public static DeliveryReport? ReadDeliveryReport(MimeMessage message)
    {
        if (message.Body is not MultipartReport { ReportType: { } type } report
            || !type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var status = report.OfType<MessageDeliveryStatus>().FirstOrDefault();
        var recipient = status?.StatusGroups.Skip(1).FirstOrDefault();

        // The returned message, whole (message/rfc822) or its headers only (text/rfc822-headers).
        var original = report.OfType<MessagePart>().Select(p => p.Message).FirstOrDefault(m => m is not null);
        var code = recipient?["Status"]?.Trim();
        var action = recipient?["Action"]?.Trim();
        return new DeliveryReport(
            original?.MessageId,
            AfterType(recipient?["Final-Recipient"] ?? recipient?["Original-Recipient"]),
            code,
            AfterType(recipient?["Diagnostic-Code"]),
            Failed: string.Equals(action, "failed", StringComparison.OrdinalIgnoreCase) || code?.StartsWith('5') == true);
    }

    /// <summary>The Message-IDs a reply refers to, the most relevant first: In-Reply-To, then References from the newest.</summary>
    public static IReadOnlyList<string> ReferencedIds(MimeMessage message)
    {
        var ids = new List<string>();
        if (message.InReplyTo is { Length: > 0 } inReplyTo)
        {
            ids.Add(inReplyTo);
        }

        ids.AddRange(message.References.Reverse());
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every address the message was sent to, lower-case, in the order routing tries them: To, Cc, then the delivery headers.</summary>
    public static IReadOnlyList<string> Recipients(MimeMessage message)
    {
        var addresses = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).ToList();
        foreach (var header in message.Headers.Where(h => h.Field is "Delivered-To" or "X-Original-To" or "Envelope-To"))
        {
            if (MailboxAddress.TryParse(header.Value.Trim(), out var address))
            {
                addresses.Add(address.Address);
            }
        }

        return addresses.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>"rfc822; bob@example.com" → "bob@example.com".</summary>
    private static string? AfterType(string? field) =>
        field is null ? null : (field.IndexOf(';', StringComparison.Ordinal) is var i and >= 0 ? field[(i + 1)..] : field).Trim();
}
