using Marten;
using MediatR;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Notifications.CustomerEmails;

/// <summary>A ticket from an unknown sender was attached to its organisation: its later emails speak the organisation's language and name it.</summary>
internal sealed class RecipientOrganizationHandler(IDocumentSession session) : INotificationHandler<TicketOrganizationAssigned>
{
    public async Task Handle(TicketOrganizationAssigned e, CancellationToken cancellationToken)
    {
        var recipient = await session.LoadAsync<TicketRecipient>(e.TicketId, cancellationToken)
            ?? throw new InvalidOperationException($"Ticket {e.Number} is not known to notifications yet (its opening is still on its way); this event is delivered again later.");
        recipient.OrganizationId = e.OrganizationId;
        recipient.OrganizationName = e.OrganizationName;
        recipient.Language = e.Language;
        session.Store(recipient);
    }
}
