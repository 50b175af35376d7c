using Microsoft.Extensions.Options;
using MimeKit;

namespace Support.Modules.Notifications.Mail;

/// <summary>Builds the MIME message for a ticket: threading headers, ticket number in the subject, auto-submitted marking.</summary>
internal sealed class EmailComposer(IOptions<MailOptions> options, TimeProvider clock)
{
    /// <summary>The Message-ID of the first email of a ticket: every later email refers to it.</summary>
    public string ThreadRootId(Guid ticketId) => $"ticket-{ticketId:N}@{SenderDomain}";

    private string SenderDomain => MailboxAddress.Parse(options.Value.From).Domain;

    public MimeMessage Compose(string messageId, Guid ticketId, MailboxAddress to, RenderedEmail email)
    {
        var message = new MimeMessage
        {
            MessageId = messageId,
            Subject = email.Subject,
            Date = clock.GetUtcNow(),
            Body = new TextPart("plain") { Text = email.Body },
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(to);
        var root = ThreadRootId(ticketId);
        if (messageId != root)
        {
            message.InReplyTo = root;
            message.References.Add(root);
        }

        // RFC 3834: automatic mail, so that auto-replies do not answer it and loop.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Support-Ticket", ticketId.ToString());
        return message;
    }
}
