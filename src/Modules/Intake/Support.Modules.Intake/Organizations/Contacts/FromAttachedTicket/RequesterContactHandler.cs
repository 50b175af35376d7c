using Marten;
using MediatR;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Intake.Organizations.Contacts.FromAttachedTicket;

/// <summary>
/// An agent attached an unknown sender's ticket to its organisation and asked to remember the
/// sender: they become a contact of it (in the organisation's language), so their next emails are
/// attributed to it. Nothing changes for a sender who is a contact already.
/// </summary>
internal sealed class RequesterContactHandler(IDocumentSession session) : INotificationHandler<TicketOrganizationAssigned>
{
    public async Task Handle(TicketOrganizationAssigned e, CancellationToken cancellationToken)
    {
        // A sender whose address is no address (mail servers accept odd From lines) is not made a contact.
        if (!e.AddRequesterAsContact || e.Requester is not { } requester || !System.Net.Mail.MailAddress.TryCreate(requester.Email.Trim(), out _))
        {
            return;
        }

        var organizationId = e.OrganizationId;
        var key = ContactEmails.Key(requester.Email);
        if (await session.Query<Contact>().AnyAsync(c => c.OrganizationId == organizationId && c.Email.ToLowerInvariant() == key, cancellationToken))
        {
            return;
        }

        session.Insert(new Contact
        {
            Id = Guid.CreateVersion7(e.OccurredAt),
            OrganizationId = organizationId,
            Name = requester.Name,
            Email = requester.Email.Trim(),
            CreatedAt = e.OccurredAt,
        });
    }
}
