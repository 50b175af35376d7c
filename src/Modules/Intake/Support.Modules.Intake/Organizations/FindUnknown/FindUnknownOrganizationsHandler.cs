using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Organizations.UnknownSenders;

namespace Support.Modules.Intake.Organizations.FindUnknown;

internal sealed class FindUnknownOrganizationsHandler(IQuerySession session)
    : IRequestHandler<FindUnknownOrganizations, IReadOnlyList<Guid>>
{
    public async Task<IReadOnlyList<Guid>> Handle(FindUnknownOrganizations request, CancellationToken cancellationToken)
    {
        var found = await session.LoadManyAsync<Organization>(cancellationToken, request.OrganizationIds.Distinct());
        // The reserved organisation of unknown email senders is no one's to act for: no partner sees those tickets.
        var known = found.Select(o => o.Id).Where(id => !UnknownSenderOrganization.Is(id)).ToHashSet();
        return request.OrganizationIds.Where(id => !known.Contains(id)).Distinct().ToList();
    }
}
