using MediatR;

namespace Support.Modules.Intake.Contracts;

/// <summary>Asks Intake what a ticket coming through <paramref name="Channel"/> takes from an organisation; null when it does not exist.</summary>
/// <param name="OrganizationId">The organisation.</param>
/// <param name="Channel">How the ticket came in: whether the contract covers it (IN-8).</param>
public sealed record FindOrganizationForTicket(Guid OrganizationId, TicketChannel Channel) : IRequest<OrganizationForTicket?>;

/// <summary>What a ticket takes from its organisation.</summary>
/// <param name="Id">The organisation's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Language">The language its people are written to in.</param>
/// <param name="OutsideContract">Its contract does not cover the channel (IN-8).</param>
/// <param name="Reserved">The reserved organisation tickets from unknown senders are filed under: not one a ticket can be attached to.</param>
public sealed record OrganizationForTicket(Guid Id, string Name, Language Language, bool OutsideContract, bool Reserved);
