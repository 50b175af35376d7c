using MediatR;

namespace Support.Modules.Intake.Contracts;

/// <summary>Asks Intake which of these organisation ids do not exist; answers the unknown ones.</summary>
/// <param name="OrganizationIds">The ids to check.</param>
public sealed record FindUnknownOrganizations(IReadOnlyCollection<Guid> OrganizationIds) : IRequest<IReadOnlyList<Guid>>;
