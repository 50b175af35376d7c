using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Events;

namespace Support.Modules.Triage.Contracts;

/// <summary>Something happened to a ticket in its life after intake; carries what every subscriber needs to find it.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number, e.g. <c>SUP-42</c>.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
public abstract record TicketEvent(Guid TicketId, string Number, Guid OrganizationId) : IntegrationEvent;

/// <summary>Every change of status (TR-3): for webhooks, live tracking and the time rules.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="From">The status before.</param>
/// <param name="To">The status after.</param>
/// <param name="Resolution">The resolution, when <paramref name="To"/> is resolved or closed.</param>
/// <param name="By">Who made the change: an API key id, or <c>system</c>.</param>
public sealed record TicketStatusChanged(
    Guid TicketId, string Number, Guid OrganizationId, TicketStatus From, TicketStatus To, TicketResolution? Resolution, string By)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>An agent took the ticket in charge (TR-2); the requester is told the first time (NO-2).</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="AgentId">The agent now in charge (an API key id).</param>
/// <param name="FirstTime">True when nobody had taken it before (a reassignment is not news to the requester).</param>
public sealed record TicketTakenInCharge(Guid TicketId, string Number, Guid OrganizationId, string AgentId, bool FirstTime)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>An agent corrected the ticket's category, with a reason (TR-2).</summary>
public sealed record TicketCategoryCorrected(
    Guid TicketId, string Number, Guid OrganizationId, TicketCategory From, TicketCategory To, string Reason)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>A public message was added to the conversation (TR-7): a reply from support, or the requester's own words.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="MessageId">The message's id.</param>
/// <param name="Author">Support or the requester.</param>
/// <param name="Body">The message.</param>
public sealed record TicketPublicMessageAdded(Guid TicketId, string Number, Guid OrganizationId, Guid MessageId, MessageAuthor Author, string Body)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>Support waits for the customer's answer (TR-4): the message asks the requester for it (NO-4).</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="MessageId">The message sent to the requester.</param>
/// <param name="Message">What support asks.</param>
public sealed record TicketAwaitingCustomer(Guid TicketId, string Number, Guid OrganizationId, Guid MessageId, string Message)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>The requester answered a ticket that waited on them: it is back in progress, pending reminders are void (TR-4).</summary>
public sealed record TicketCustomerReplied(Guid TicketId, string Number, Guid OrganizationId, Guid MessageId)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>The ticket was resolved (TR-5); the requester is told how (NO-3).</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="Resolution">solved, declined, duplicate, no_reply or withdrawn.</param>
/// <param name="Note">What support says to the requester about it.</param>
/// <param name="DuplicateOf">For a duplicate, the ticket it duplicates.</param>
/// <param name="ReopenableUntil">Until when the requester can reopen it (TR-6); later, a reopen opens a follow-up ticket.</param>
/// <param name="Cause">What resolved it when not an agent's resolution: <c>fix_confirmed</c> (ES-3) or <c>product_decision</c> (ES-7, whose own event already tells the requester).</param>
public sealed record TicketResolved(
    Guid TicketId, string Number, Guid OrganizationId, TicketResolution Resolution, string? Note, Guid? DuplicateOf,
    DateTimeOffset? ReopenableUntil = null, string? Cause = null)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>A resolved ticket was reopened within the reopen window (TR-6).</summary>
public sealed record TicketReopened(Guid TicketId, string Number, Guid OrganizationId, string Reason)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>The ticket was closed (NO-3); its resolution decides whether a survey follows (SU-1).</summary>
public sealed record TicketClosed(Guid TicketId, string Number, Guid OrganizationId, TicketResolution Resolution)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>
/// A reopen came after the reopen window, or for a closed ticket: Intake opens a new ticket, linked
/// to the earlier one, with the id chosen here so that the reopen request can answer with it.
/// </summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="FollowUpTicketId">The id the follow-up ticket is opened with.</param>
/// <param name="Reason">Why the requester came back: the new ticket's description.</param>
/// <param name="Subject">The earlier ticket's subject.</param>
/// <param name="Requester">The earlier ticket's requester.</param>
/// <param name="Category">The earlier ticket's category.</param>
/// <param name="Priority">The earlier ticket's priority.</param>
/// <param name="Channel">The earlier ticket's channel.</param>
/// <param name="Queue">The earlier ticket's queue.</param>
/// <param name="ReproductionScenario">The earlier ticket's reproduction scenario, for bugs.</param>
/// <param name="RequestedBy">Who asked to reopen (an API key id).</param>
public sealed record TicketFollowUpRequested(
    Guid TicketId,
    string Number,
    Guid OrganizationId,
    Guid FollowUpTicketId,
    string Reason,
    string Subject,
    RequesterContact Requester,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Queue,
    string? ReproductionScenario,
    string RequestedBy)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>A file the requester can see was attached to the ticket (IN-4): for webhooks and live tracking.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="AttachmentId">The attachment's id; its content is at <c>/api/v1/tickets/{TicketId}/attachments/{AttachmentId}</c>.</param>
/// <param name="FileName">The file's name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Author">Support or the requester.</param>
public sealed record TicketPublicAttachmentAdded(
    Guid TicketId, string Number, Guid OrganizationId, Guid AttachmentId, string FileName, string ContentType, long Size, MessageAuthor Author)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>
/// A ticket waiting on the customer is due a reminder (TR-4, NO-4): published by the time rules, it
/// tells notifications to remind the requester of the question they have not answered.
/// </summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="Reminder">1 for the first reminder, 2 for the last one before the automatic resolution.</param>
/// <param name="AutoResolveAt">When the ticket is resolved as <c>no_reply</c> if the requester still does not answer.</param>
public sealed record TicketPendingReminderDue(Guid TicketId, string Number, Guid OrganizationId, int Reminder, DateTimeOffset AutoResolveAt)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>A ticket went past a service-level due date with nothing done (first response or resolution, in business time).</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="Clock"><c>first_response</c> or <c>resolution</c>.</param>
/// <param name="DueAt">When it was due.</param>
public sealed record TicketSlaBreached(Guid TicketId, string Number, Guid OrganizationId, string Clock, DateTimeOffset DueAt)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>
/// A ticket opened by an email from an unknown sender was attached to its organisation by an agent:
/// <c>OrganizationId</c> is the new one (partners of it see the ticket from now on).
/// </summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">The organisation it now belongs to.</param>
/// <param name="PreviousOrganizationId">The one it was filed under (the reserved "unknown senders" organisation).</param>
/// <param name="OrganizationName">The new organisation's name.</param>
/// <param name="Language">The language the requester is written to in from now on: the organisation's.</param>
/// <param name="Requester">The ticket's requester.</param>
/// <param name="AddRequesterAsContact">The agent asked to make the requester a contact of the organisation, so their next emails are recognised.</param>
public sealed record TicketOrganizationAssigned(
    Guid TicketId, string Number, Guid OrganizationId, Guid PreviousOrganizationId, string OrganizationName, Language Language,
    RequesterContact? Requester = null, bool AddRequesterAsContact = false)
    : TicketEvent(TicketId, Number, OrganizationId);
