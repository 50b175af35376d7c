using Marten;
using Marten.Services.BatchQuerying;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Organizations.Contacts;

namespace Support.Modules.Intake.Organizations.FindSender;

/// <summary>An organisation as email intake needs it to open a ticket.</summary>
internal sealed record OrganizationSummary(Guid Id, string Name, Language Language, SupportContract Contract)
{
    public static OrganizationSummary From(Organization organization) =>
        new(organization.Id, organization.Name, organization.Language, organization.Contract);
}

/// <summary>A contact with the sender's address, and its organisation.</summary>
internal sealed record ContactMatch(ContactView Contact, OrganizationSummary Organization);

/// <summary>The organisation whose email domain the sender's address is at or under.</summary>
/// <param name="Domain">The domain that matched: the address's own, or the nearest one it is under.</param>
/// <param name="Organization">The organisation that has it.</param>
internal sealed record DomainMatch(string Domain, OrganizationSummary Organization);

/// <summary>Who sent an email, as far as Intake knows: the contacts with its address, and the organisation of its domain.</summary>
/// <param name="Contacts">Every contact with this address, whatever its case, oldest first: one per organisation it is a contact of; the caller decides.</param>
/// <param name="ByDomain">The organisation of the address's domain, or of the nearest domain it is under; null when none has it.</param>
internal sealed record EmailSender(IReadOnlyList<ContactMatch> Contacts, DomainMatch? ByDomain);

/// <summary>
/// Asks who sent an email: for email intake, to attribute a message to an organisation. Both answers
/// in one round trip, each an index look-up (contacts by lower-case address, domain claims by key).
/// </summary>
/// <param name="Address">The sender, bare (<c>jane@paris.acme.fr</c>) or as a header gives it (<c>Jane &lt;jane@acme.fr&gt;</c>).</param>
internal sealed record FindEmailSender(string Address) : IRequest<EmailSender>;

internal sealed class FindEmailSenderHandler(IQuerySession session) : IRequestHandler<FindEmailSender, EmailSender>
{
    public Task<EmailSender> Handle(FindEmailSender request, CancellationToken cancellationToken) =>
        EmailSenders.FindAsync(session, request.Address, cancellationToken);
}

/// <summary>
/// The look-ups behind <see cref="FindEmailSender"/>, for code that has a session at hand: the
/// contacts and the domain claims in one round trip, then their organisations in a second one when
/// there are any (Marten's <c>Include</c> would build a temporary table on every email).
/// </summary>
internal static class EmailSenders
{
    /// <summary>The contacts with this address and the organisation of its domain.</summary>
    public static Task<EmailSender> FindAsync(IQuerySession session, string address, CancellationToken cancellationToken) =>
        LookUpAsync(session, address, contacts: true, domain: true, cancellationToken);

    /// <summary>
    /// The organisation whose email domain is the address's domain, else the nearest domain it is
    /// under (<c>user@paris.acme.fr</c> → <c>acme.fr</c>); null when none, or when it is no address.
    /// </summary>
    public static async Task<DomainMatch?> ByDomainAsync(IQuerySession session, string address, CancellationToken cancellationToken) =>
        (await LookUpAsync(session, address, contacts: false, domain: true, cancellationToken)).ByDomain;

    /// <summary>Every contact with this address, whatever its case, in whichever organisation, oldest first.</summary>
    public static async Task<IReadOnlyList<ContactMatch>> ContactsAsync(IQuerySession session, string address, CancellationToken cancellationToken) =>
        (await LookUpAsync(session, address, contacts: true, domain: false, cancellationToken)).Contacts;

    private static async Task<EmailSender> LookUpAsync(IQuerySession session, string address, bool contacts, bool domain, CancellationToken cancellationToken)
    {
        var key = contacts ? ContactKey(address) : null;
        var candidates = domain ? MailDomains.CandidatesFor(address) : [];
        if (key is null && candidates.Length == 0)
        {
            return new EmailSender([], null);
        }

        var batch = session.CreateBatchQuery();
        var contactsRead = key is null
            ? Task.FromResult<IReadOnlyList<Contact>>([])
            : batch.Query<Contact>().Where(c => c.Email.ToLowerInvariant() == key).OrderBy(c => c.Id).ToList();
        var claimsRead = candidates.Length == 0
            ? Task.FromResult<IReadOnlyList<MailDomainClaim>>([])
            : batch.Query<MailDomainClaim>().Where(c => c.Id.IsOneOf(candidates)).ToList();
        await batch.Execute(cancellationToken);
        var found = await contactsRead;
        var claims = await claimsRead;

        var organizationIds = found.Select(c => c.OrganizationId).Concat(claims.Select(c => c.OrganizationId)).Distinct().ToList();
        var organizations = organizationIds.Count == 0
            ? new Dictionary<Guid, Organization>()
            : (await session.LoadManyAsync<Organization>(cancellationToken, organizationIds)).ToDictionary(o => o.Id);

        var matches = found
            .Where(c => organizations.ContainsKey(c.OrganizationId))
            .Select(c => new ContactMatch(ContactView.From(c), OrganizationSummary.From(organizations[c.OrganizationId])))
            .ToList();

        // The most specific domain wins: mail from paris.acme.fr goes to whoever has paris.acme.fr before acme.fr.
        var byDomain = candidates
            .Select(d => claims.FirstOrDefault(c => c.Id == d))
            .Where(claim => claim is not null && organizations.ContainsKey(claim.OrganizationId))
            .Select(claim => new DomainMatch(claim!.Id, OrganizationSummary.From(organizations[claim.OrganizationId])))
            .FirstOrDefault();
        return new EmailSender(matches, byDomain);
    }

    /// <summary>The address as contacts are compared (<see cref="ContactEmails.Key"/>); null when it is no address.</summary>
    private static string? ContactKey(string address) =>
        System.Net.Mail.MailAddress.TryCreate(address.Trim(), out var parsed) ? ContactEmails.Key(parsed.Address) : null;
}
