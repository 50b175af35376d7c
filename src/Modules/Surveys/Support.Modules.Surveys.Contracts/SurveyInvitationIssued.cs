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

/// <summary>How the requester rated the handling of their ticket (SU-2).</summary>
public enum SurveyRating
{
    /// <summary>Satisfied.</summary>
    Good,

    /// <summary>Not satisfied.</summary>
    Bad,
}

/// <summary>A requester answered their ticket's satisfaction survey (SU-2): for statistics and webhooks.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="Rating">good or bad.</param>
/// <param name="Comment">The requester's comment, if any.</param>
public sealed record SurveyAnswered(Guid TicketId, string Number, Guid OrganizationId, SurveyRating Rating, string? Comment) : IntegrationEvent;
