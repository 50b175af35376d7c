using MediatR;

namespace Support.Modules.Intake.Contracts;

/// <summary>
/// Asks Intake which language to write to a requester in: the contact's own language when the
/// organisation has a contact with this email address (compared case-insensitively) and it set one,
/// else the organisation's. Fails when the organisation does not exist.
/// </summary>
/// <param name="OrganizationId">The requester's customer organisation.</param>
/// <param name="Email">The requester's email address.</param>
public sealed record FindRequesterLanguage(Guid OrganizationId, string Email) : IRequest<Language>;
