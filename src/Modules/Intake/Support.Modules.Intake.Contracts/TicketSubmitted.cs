using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Events;

namespace Support.Modules.Intake.Contracts;

/// <summary>The person who asked, as given at intake.</summary>
/// <param name="Email">Where the requester is written to.</param>
/// <param name="Name">How the requester is addressed.</param>
public sealed record RequesterContact(string Email, string Name);

/// <summary>
/// A ticket was accepted at intake (IN-6). It is also the first event of the ticket's stream, so the
/// ticket's history starts with exactly what was asked: Triage projects the ticket from it, queues it
/// and runs its life; Notifications tells the requester (NO-1).
/// </summary>
/// <param name="TicketId">The new ticket's id, which is also its stream's id.</param>
/// <param name="Number">Its short number, e.g. <c>SUP-42</c>.</param>
/// <param name="OrganizationId">The customer organisation.</param>
/// <param name="OrganizationName">The organisation's name when the ticket was opened.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Language">The language the requester is written to in.</param>
/// <param name="Subject">The one problem it is about (IN-1).</param>
/// <param name="Description">The requester's description.</param>
/// <param name="Category">bug, usage, chat, other or feature (IN-2).</param>
/// <param name="Priority">The priority the requester declared.</param>
/// <param name="Channel">How it came in (IN-5).</param>
/// <param name="Queue">The queue it is filed in.</param>
/// <param name="ReproductionScenario">For bugs, the steps, expected and actual result (IN-3).</param>
/// <param name="CallNotes">For a phone call recorded by an agent: the agent's notes (staff only).</param>
/// <param name="OutsideContract">True when the organisation's contract does not cover this channel (IN-8): recorded, and flagged for the agent.</param>
/// <param name="FollowUpOf">The earlier ticket this one follows up, when a reopen came after the reopen window.</param>
/// <param name="SubmittedBy">The API key (or system part) that submitted it.</param>
/// <param name="Attachments">The files sent with the request (IN-4), stored in the same transaction; public. Null in history recorded before attachments existed.</param>
/// <param name="Email">For a ticket opened by an email: the email (an automatic one gets no acknowledgement).</param>
/// <param name="UnknownSender">Opened by an email from an address no organisation knows: filed under the reserved "unknown senders" organisation until an agent attaches it to the right one.</param>
public sealed record TicketSubmitted(
    Guid TicketId,
    string Number,
    Guid OrganizationId,
    string OrganizationName,
    RequesterContact Requester,
    Language Language,
    string Subject,
    string Description,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Queue,
    string? ReproductionScenario,
    string? CallNotes,
    bool OutsideContract,
    Guid? FollowUpOf,
    string SubmittedBy,
    IReadOnlyList<AttachmentInfo>? Attachments = null,
    EmailOrigin? Email = null,
    bool UnknownSender = false) : IntegrationEvent;
