using JasperFx;
using Marten;
using Marten.Schema;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.UnknownSenders;

/// <summary>
/// The reserved organisation a ticket is filed under when an email comes from an address no
/// organisation knows (neither a contact nor one of its <c>emailDomains</c>): the mail is never
/// rejected nor lost, and no partner sees it until an agent attaches the ticket to the right
/// organisation. Every ticket has an organisation, so the rest of the system needs no special case.
/// </summary>
internal static class UnknownSenderOrganization
{
    public static readonly Guid OrganizationId = new("00000000-0000-7000-8000-0000000000e1");

    public const string Name = "Unknown senders";

    public static bool Is(Guid organizationId) => organizationId == OrganizationId;
}

/// <summary>Creates the reserved organisation at start when it is missing; an administrator may rename it or change its language afterwards.</summary>
internal sealed class UnknownSendersSeed(TimeProvider clock) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Organization>(UnknownSenderOrganization.OrganizationId, cancellation) is not null)
        {
            return;
        }

        session.Insert(new Organization
        {
            Id = UnknownSenderOrganization.OrganizationId,
            Name = UnknownSenderOrganization.Name,
            Language = Language.En,
            Contract = SupportContract.Standard,
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await session.SaveChangesAsync(cancellation);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another host starting at the same moment created it first.
        }
    }
}
