using Marten;
using MediatR;
using MimeKit;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.Mail;

namespace Support.Modules.Notifications.TicketOpened;

/// <summary>NO-1, IN-6: tells the requester, in the organisation's language, that the ticket is open and its number.</summary>
internal sealed class TicketSubmittedHandler(
    IDocumentSession session, TemplateRenderer templates, EmailComposer composer, IMailTransport transport, TimeProvider clock)
    : INotificationHandler<TicketSubmitted>
{
    public const string Template = "ticket-opened";

    public async Task Handle(TicketSubmitted notification, CancellationToken cancellationToken)
    {
        var email = await templates.RenderAsync(Template, notification.Language, new Dictionary<string, object?>
        {
            ["ticket"] = new Dictionary<string, object?>
            {
                ["number"] = notification.Number,
                ["subject"] = notification.Subject,
                ["category"] = notification.Category.ToString().ToLowerInvariant(),
                ["category_label"] = TemplateRenderer.CategoryLabel(notification.Category, notification.Language),
            },
            ["requester"] = new Dictionary<string, object?> { ["name"] = notification.Requester.Name, ["email"] = notification.Requester.Email },
            ["organization"] = new Dictionary<string, object?> { ["name"] = notification.OrganizationName },
        });

        // The first email of a ticket carries the thread's root Message-ID; sent again after a crash,
        // it carries the same one (NO-7), so mail clients show it once.
        var messageId = composer.ThreadRootId(notification.TicketId);
        var to = new MailboxAddress(notification.Requester.Name, notification.Requester.Email);
        await transport.SendAsync(composer.Compose(messageId, notification.TicketId, to, email), cancellationToken);
        session.Store(new SentEmail
        {
            Id = messageId,
            TicketId = notification.TicketId,
            Template = Template,
            To = notification.Requester.Email,
            Subject = email.Subject,
            SentAt = clock.GetUtcNow(),
        });
    }
}
