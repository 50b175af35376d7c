using MediatR;

namespace Support.Modules.Intake.Contracts;

/// <summary>
/// Asks Intake which of these organisation ids name no organisation a key can act for: those that
/// do not exist, and the reserved one tickets from unknown email senders are filed under.
/// </summary>
/// <param name="OrganizationIds">The ids to check.</param>
public sealed record FindUnknownOrganizations(IReadOnlyCollection<Guid> OrganizationIds) : IRequest<IReadOnlyList<Guid>>;
