using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Organizations.UnknownSenders;

namespace Support.Modules.Intake.Organizations.FindForTicket;

internal sealed class FindOrganizationForTicketHandler(IQuerySession session) : IRequestHandler<FindOrganizationForTicket, OrganizationForTicket?>
{
    public async Task<OrganizationForTicket?> Handle(FindOrganizationForTicket request, CancellationToken cancellationToken) =>
        await session.LoadAsync<Organization>(request.OrganizationId, cancellationToken) is { } organization
            ? new OrganizationForTicket(organization.Id, organization.Name, organization.Language,
                !Entitlements.Covers(organization.Contract, request.Channel), UnknownSenderOrganization.Is(organization.Id))
            : null;
}
