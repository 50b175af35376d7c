using Marten;
using MediatR;
using Microsoft.Extensions.Logging;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Notifications.Mail.Inbound;

/// <summary>
/// A bounce came back for one of our emails (NO-7): the email is marked bounced with the report as
/// its last error, where an administrator looks for failed deliveries, and can be sent again once
/// the address is fixed.
/// </summary>
internal sealed class EmailBouncedHandler(IDocumentSession session, ILogger<EmailBouncedHandler> logger) : INotificationHandler<EmailBounced>
{
    public async Task Handle(EmailBounced e, CancellationToken cancellationToken)
    {
        var email = await session.Query<OutgoingEmail>().Where(x => x.MessageId == e.OriginalMessageId).FirstOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            logger.LogWarning("A bounce names {MessageId}, which is not an email we sent; it is kept as inbound email {InboundEmailId}", e.OriginalMessageId, e.InboundEmailId);
            return;
        }

        email.Status = EmailStatus.Bounced;
        email.BouncedAt = e.OccurredAt;
        email.LastError = string.Join(" ", new[]
        {
            "Returned by the recipient's side", e.Recipient is null ? null : $"for {e.Recipient}", e.Status is null ? null : $"(status {e.Status})",
            e.Diagnostic is null ? null : $": {e.Diagnostic}",
        }.Where(part => part is not null)).Replace(" :", ":", StringComparison.Ordinal);
        session.Update(email);
    }
}
