using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.FindUnknown;

internal sealed class FindUnknownOrganizationsHandler(IQuerySession session)
    : IRequestHandler<FindUnknownOrganizations, IReadOnlyList<Guid>>
{
    public async Task<IReadOnlyList<Guid>> Handle(FindUnknownOrganizations request, CancellationToken cancellationToken)
    {
        var found = await session.LoadManyAsync<Organization>(cancellationToken, request.OrganizationIds.Distinct());
        var known = found.Select(o => o.Id).ToHashSet();
        return request.OrganizationIds.Where(id => !known.Contains(id)).Distinct().ToList();
    }
}
