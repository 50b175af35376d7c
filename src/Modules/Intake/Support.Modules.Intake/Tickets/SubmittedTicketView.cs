using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Attachments;

namespace Support.Modules.Intake.Tickets;

/// <summary>The acknowledgement of a new ticket (IN-6): its number at once; the whole ticket is at <c>Location</c>.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Number">Its short human-readable number, e.g. <c>SUP-42</c>.</param>
/// <param name="Status">Always <c>new</c>.</param>
/// <param name="OrganizationId">The customer organisation it is for.</param>
/// <param name="Subject">The one problem it is about.</param>
/// <param name="Category">bug, usage, chat, other or feature.</param>
/// <param name="Priority">The priority the requester declared.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="Queue">The queue it is filed in.</param>
/// <param name="FollowUpOf">The earlier ticket it follows up, if any.</param>
/// <param name="Version">Its version (1), for <c>If-Match</c>.</param>
/// <param name="CreatedAt">When it arrived.</param>
/// <param name="Attachments">The files sent with it (IN-4); download them from the ticket's <c>attachments</c>.</param>
internal sealed record SubmittedTicketView(
    Guid Id,
    string Number,
    TicketStatus Status,
    Guid OrganizationId,
    string Subject,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Queue,
    Guid? FollowUpOf,
    int Version,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AttachmentInfo> Attachments)
{
    public static SubmittedTicketView From(TicketSubmitted submitted) => new(
        submitted.TicketId, submitted.Number, TicketStatus.New, submitted.OrganizationId, submitted.Subject, submitted.Category,
        submitted.Priority, submitted.Channel, submitted.Queue, submitted.FollowUpOf, 1, submitted.OccurredAt,
        submitted.Attachments ?? []);
}
