using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using Support.Modules.Notifications.Contracts;

namespace Support.Modules.Notifications.Mail;

/// <summary>Builds the MIME message of a queued email: threading headers, ticket number in the subject, auto-submitted marking.</summary>
internal sealed class EmailComposer(IOptions<MailOptions> options)
{
    /// <summary>The Message-ID of the first email of a ticket: every later email refers to it.</summary>
    public string ThreadRootId(Guid ticketId) => $"ticket-{ticketId:N}@{SenderDomain}";

    /// <summary>The ticket a thread root Message-ID of ours names; null for any other id.</summary>
    public Guid? TicketOfThreadRoot(string messageId) =>
        messageId.StartsWith("ticket-", StringComparison.Ordinal)
        && messageId.EndsWith($"@{SenderDomain}", StringComparison.OrdinalIgnoreCase)
        && Guid.TryParseExact(messageId.AsSpan(7, messageId.IndexOf('@', StringComparison.Ordinal) - 7), "N", out var ticketId)
            ? ticketId
            : null;

    /// <summary>The Message-ID of the email telling of one event: the same however often the event is handled.</summary>
    public string MessageIdFor(Guid eventId, string template) => $"{template}-{eventId:N}@{SenderDomain}";

    private string SenderDomain => MailboxAddress.Parse(options.Value.From).Domain;

    /// <summary>The subject as sent: the ticket's number in brackets first, so replies thread and find their ticket.</summary>
    public static string SubjectFor(string number, string subject) =>
        subject.Contains($"[{number}]", StringComparison.Ordinal) ? subject : $"[{number}] {subject}";

    public MimeMessage Compose(OutgoingEmail email)
    {
        var message = new MimeMessage
        {
            MessageId = email.MessageId,
            Subject = SubjectFor(email.TicketNumber, email.Subject),
            Date = email.CreatedAt,
            Body = new MultipartAlternative
            {
                new TextPart("plain") { Text = email.Body },
                new TextPart("html") { Text = Html(email.Body, email.TicketId) },
            },
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        if (email.ReplyTo is { } replyTo && MailboxAddress.TryParse(replyTo, out var replyAddress))
        {
            // The queue's own address: the requester's reply reaches the mailbox its team reads (IN-5).
            message.ReplyTo.Add(replyAddress);
        }

        var root = ThreadRootId(email.TicketId);
        if (email.MessageId != root)
        {
            message.InReplyTo = root;
            message.References.Add(root);
        }
        else if (email.Answers is { } answered)
        {
            // The acknowledgement of a ticket opened by email answers that email: it threads in the requester's mail program.
            message.InReplyTo = answered;
            message.References.Add(answered);
        }

        if (email.Automatic)
        {
            // RFC 3834: automatic mail, so that auto-replies do not answer it and loop.
            message.Headers.Add("Auto-Submitted", "auto-generated");
        }

        message.Headers.Add("X-Support-Ticket", email.TicketId.ToString());
        return message;
    }

    /// <summary>The text as HTML, with the ticket's reference hidden at its end.</summary>
    private static string Html(string text, Guid ticketId) =>
        $"<!DOCTYPE html><html><body><div style=\"white-space: pre-wrap\">{WebUtility.HtmlEncode(text)}</div>"
        + $"<div style=\"display:none;font-size:0;color:transparent\">{HiddenTicketReference.For(ticketId)}</div></body></html>";
}
