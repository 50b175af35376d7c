using Marten;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Organizations.Contacts;
using Support.Modules.Intake.Organizations.UnknownSenders;

namespace Support.Modules.Intake.Email.Ingestion;

/// <summary>Who an email's sender is to support: a known contact, or someone at an organisation's mail domain; null for a stranger.</summary>
internal static class SenderDirectory
{
    /// <summary>
    /// The organisation a sender writes for: the one they are a contact of (the oldest, if several
    /// share the address), else the one whose <c>emailDomains</c> has their domain or a parent of it.
    /// </summary>
    public static async Task<(Organization? Organization, Contact? Contact)> IdentifyAsync(
        IQuerySession session, string address, CancellationToken cancellationToken)
    {
        var key = ContactEmails.Key(address);
        var contact = (await session.Query<Contact>().Where(c => c.Email.ToLowerInvariant() == key).ToListAsync(cancellationToken))
            .Where(c => !UnknownSenderOrganization.Is(c.OrganizationId))
            .OrderBy(c => c.CreatedAt)
            .FirstOrDefault();
        if (contact is not null && await session.LoadAsync<Organization>(contact.OrganizationId, cancellationToken) is { } organization)
        {
            return (organization, contact);
        }

        return (await ByEmailDomainAsync(session, key, cancellationToken), null);
    }

    private static async Task<Organization?> ByEmailDomainAsync(IQuerySession session, string address, CancellationToken cancellationToken)
    {
        var domain = address[(address.LastIndexOf('@') + 1)..];
        var candidates = new List<string>();
        for (var d = domain; d.Contains('.', StringComparison.Ordinal); d = d[(d.IndexOf('.', StringComparison.Ordinal) + 1)..])
        {
            candidates.Add(d);
        }

        var organizations = await session.Query<Organization>().Where(o => o.EmailDomains.Any(d => candidates.Contains(d))).ToListAsync(cancellationToken);
        return candidates.Select(c => organizations.FirstOrDefault(o => o.EmailDomains.Contains(c))).FirstOrDefault(o => o is not null);
    }
}
