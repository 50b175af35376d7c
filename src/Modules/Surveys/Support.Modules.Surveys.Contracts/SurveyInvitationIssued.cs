using Support.Modules.Shared.Events;

namespace Support.Modules.Surveys.Contracts;

/// <summary>
/// A closed ticket's satisfaction survey is ready to be sent (SU-1, NO-4): published by the surveys'
/// time rules, it tells notifications to email the requester the link.
/// </summary>
/// <param name="TicketId">The closed ticket.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="SurveyUrl">The requester's link to answer (it carries the unguessable token).</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record SurveyInvitationIssued(Guid TicketId, string Number, Guid OrganizationId, string SurveyUrl, DateTimeOffset ExpiresAt)
    : IntegrationEvent;
