using JasperFx;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.Logging;

namespace Support.Modules.Intake.Organizations;

/// <summary>
/// At start, claims the email domains organisations were given before each domain became one
/// organisation's (<see cref="MailDomainClaim"/>), so email intake finds them too. The oldest
/// organisation with a domain gets it; a public webmail domain is claimed by none. Each start reads
/// the organisations that have domains and the claimed domains, and writes only what is missing.
/// </summary>
internal sealed class MailDomainClaimBackfill(ILogger<MailDomainClaimBackfill> logger) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var organizations = await session.Query<Organization>()
            .Where(o => o.EmailDomains.Any())
            .OrderBy(o => o.Id)
            .Select(o => new { o.Id, o.EmailDomains })
            .ToListAsync(cancellation);
        if (organizations.Count == 0)
        {
            return;
        }

        var claimed = (await session.Query<MailDomainClaim>().Select(c => c.Id).ToListAsync(cancellation)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var organization in organizations)
        {
            foreach (var domain in organization.EmailDomains)
            {
                if (MailDomains.Normalize(domain) is { } normal && !MailDomains.IsPublicWebmail(normal) && claimed.Add(normal))
                {
                    session.Insert(new MailDomainClaim { Id = normal, OrganizationId = organization.Id });
                    added++;
                }
            }
        }

        if (added == 0)
        {
            return;
        }

        try
        {
            await session.SaveChangesAsync(cancellation);
            logger.LogInformation("Claimed {Count} email domain(s) organisations had before domains were claimed", added);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another host starting at the same moment claimed them first.
        }
    }
}
