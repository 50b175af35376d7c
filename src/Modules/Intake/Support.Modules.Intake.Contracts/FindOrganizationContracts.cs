using MediatR;

namespace Support.Modules.Intake.Contracts;

/// <summary>Asks Intake for the support contract of each of these organisations; unknown ids are left out of the answer.</summary>
/// <param name="OrganizationIds">The organisations.</param>
public sealed record FindOrganizationContracts(IReadOnlyCollection<Guid> OrganizationIds) : IRequest<IReadOnlyDictionary<Guid, SupportContract>>;
