using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.FindContracts;

internal sealed class FindOrganizationContractsHandler(IQuerySession session)
    : IRequestHandler<FindOrganizationContracts, IReadOnlyDictionary<Guid, SupportContract>>
{
    public async Task<IReadOnlyDictionary<Guid, SupportContract>> Handle(FindOrganizationContracts request, CancellationToken cancellationToken)
    {
        var found = await session.LoadManyAsync<Organization>(cancellationToken, request.OrganizationIds.Distinct());
        return found.ToDictionary(o => o.Id, o => o.Contract);
    }
}
