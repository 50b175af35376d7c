using Microsoft.Extensions.Options;
using MimeKit;

namespace Support.Modules.Notifications.Mail;

/// <summary>Builds the MIME message of a queued email: threading headers, ticket number in the subject, auto-submitted marking.</summary>
internal sealed class EmailComposer(IOptions<MailOptions> options)
{
    /// <summary>The Message-ID of the first email of a ticket: every later email refers to it.</summary>
    public string ThreadRootId(Guid ticketId) => $"ticket-{ticketId:N}@{SenderDomain}";

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
            Body = new TextPart("plain") { Text = email.Body },
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        var root = ThreadRootId(email.TicketId);
        if (email.MessageId != root)
        {
            message.InReplyTo = root;
            message.References.Add(root);
        }

        if (email.Automatic)
        {
            // RFC 3834: automatic mail, so that auto-replies do not answer it and loop.
            message.Headers.Add("Auto-Submitted", "auto-generated");
        }

        message.Headers.Add("X-Support-Ticket", email.TicketId.ToString());
        return message;
    }
}
