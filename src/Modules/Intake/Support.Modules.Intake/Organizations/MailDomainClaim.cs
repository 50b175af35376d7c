using JasperFx;
using Marten;
using Npgsql;
using Support.Modules.Shared.Http;

namespace Support.Modules.Intake.Organizations;

/// <summary>
/// One mail domain, taken by one organisation. Its id is the normalised domain, so the primary key
/// makes a domain one organisation's whoever claims it at the same moment; it is written in the
/// transaction that changes the organisation's <see cref="Organization.EmailDomains"/>, which stay the
/// list the API shows. Looking up the sender of an email is a look-up of these by key.
/// </summary>
internal sealed class MailDomainClaim
{
    /// <summary>The domain, normalised (<see cref="MailDomains.Normalize"/>).</summary>
    public string Id { get; set; } = "";

    public Guid OrganizationId { get; set; }
}

/// <summary>Keeps the claims in step with an organisation's domains, and says who is in the way.</summary>
internal static class MailDomainClaims
{
    /// <summary>Marten's table of <see cref="MailDomainClaim"/>, as PostgreSQL names it in a unique violation.</summary>
    private const string ClaimTable = "mt_doc_maildomainclaim";

    /// <summary>
    /// Adds to the session what gives <paramref name="organization"/> exactly its
    /// <see cref="Organization.EmailDomains"/>: claims for the new ones, none any more for
    /// <paramref name="previous"/> ones it dropped. A domain another organisation has is a 409.
    /// Save with <see cref="SaveAsync"/>, which turns a claim lost to a concurrent request into the same 409.
    /// </summary>
    public static async Task ClaimAsync(
        IDocumentSession session, Organization organization, IReadOnlyCollection<string> previous, CancellationToken cancellationToken)
    {
        var wanted = organization.EmailDomains;
        var (held, taken) = await ClaimsAsync(session, organization, cancellationToken);
        if (taken is not null)
        {
            throw taken;
        }

        foreach (var domain in wanted.Where(d => !held.Contains(d)))
        {
            session.Insert(new MailDomainClaim { Id = domain, OrganizationId = organization.Id });
        }

        var dropped = previous.Except(wanted, StringComparer.Ordinal).ToArray();
        if (dropped.Length > 0)
        {
            // Only its own: never another organisation's claim, whatever the list said.
            var id = organization.Id;
            session.DeleteWhere<MailDomainClaim>(c => c.Id.IsOneOf(dropped) && c.OrganizationId == id);
        }
    }

    /// <summary>
    /// Saves the session. When the primary key refused a claim (another organisation took the
    /// domain after <see cref="ClaimAsync"/> looked), nothing was written and this is the 409 naming it.
    /// </summary>
    public static async Task SaveAsync(IDocumentSession session, Organization organization, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (IsRefusedClaim(exception))
        {
            var (_, taken) = await ClaimsAsync(session, organization, CancellationToken.None);
            throw taken ?? new ConflictException(
                "An email domain changed hands meanwhile",
                "Another organisation took one of these email domains while this request ran, and has given it up since. Nothing was changed: send the request again.");
        }
    }

    /// <summary>The organisation's wanted domains it already holds, and the 409 for the first one another organisation holds.</summary>
    private static async Task<(HashSet<string> Held, ConflictException? Taken)> ClaimsAsync(
        IQuerySession session, Organization organization, CancellationToken cancellationToken)
    {
        var wanted = organization.EmailDomains;
        if (wanted.Count == 0)
        {
            return ([], null);
        }

        var holders = new Dictionary<Guid, Organization>();
        var claims = await session.Query<MailDomainClaim>()
            .Include(c => c.OrganizationId, holders)
            .Where(c => c.Id.IsOneOf(wanted))
            .ToListAsync(cancellationToken);
        var held = claims.Where(c => c.OrganizationId == organization.Id).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var other = claims.Where(c => c.OrganizationId != organization.Id).OrderBy(c => wanted.IndexOf(c.Id)).FirstOrDefault();
        return (held, other is null ? null : Taken(other.Id, holders.GetValueOrDefault(other.OrganizationId), other.OrganizationId));
    }

    private static ConflictException Taken(string domain, Organization? holder, Guid holderId) => new(
        "Another organisation has this email domain",
        $"{domain} already identifies the people of organisation {holderId}{(holder is null ? "" : $" ({holder.Name})")}: a domain belongs to one organisation only. "
        + "Remove it from that organisation first, or add these people as contacts.",
        new Dictionary<string, object?>
        {
            ["domain"] = domain,
            ["organizationId"] = holderId,
            ["organization"] = $"/api/v1/organizations/{holderId}",
        });

    /// <summary>Whether a claim's primary key refused the save (Marten may wrap several failures in one).</summary>
    private static bool IsRefusedClaim(Exception exception) => exception switch
    {
        DocumentAlreadyExistsException { DocType: var type } => type == typeof(MailDomainClaim),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: var table } => table == ClaimTable,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsRefusedClaim),
        { InnerException: { } inner } => IsRefusedClaim(inner),
        _ => false,
    };
}
