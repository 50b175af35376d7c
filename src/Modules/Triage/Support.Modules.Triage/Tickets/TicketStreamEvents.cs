using Support.Modules.Intake.Contracts;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets;

// The events Triage appends to a ticket's stream after Intake's TicketSubmitted. Each says who and
// when in its own data (the stream is the history, TR-6 and NF-4), so the projection and the history
// never depend on stream metadata.

/// <summary>An agent took the ticket in charge (TR-2); the first time, a new ticket moves to in_progress.</summary>
internal sealed record TakenInCharge(string AgentId, string By, DateTimeOffset At);

/// <summary>The category was corrected (TR-2); the reason stays in the history.</summary>
internal sealed record CategoryCorrected(TicketCategory From, TicketCategory To, string Reason, string By, DateTimeOffset At);

/// <summary>A message in the conversation (TR-7): public, or an internal note.</summary>
internal sealed record MessageAdded(
    Guid MessageId, string Body, MessageVisibility Visibility, MessageAuthor Author, string By, DateTimeOffset At, EmailOrigin? Email = null);

/// <summary>Support asked the requester something and waits for the answer (TR-4).</summary>
internal sealed record AwaitingCustomer(Guid MessageId, string Message, string By, DateTimeOffset At);

/// <summary>The requester answered while the ticket waited on them: back in progress (TR-4).</summary>
internal sealed record CustomerReplied(Guid MessageId, string Body, string By, DateTimeOffset At, EmailOrigin? Email = null);

/// <summary>Resolved with a resolution the customer sees (TR-5).</summary>
internal sealed record Resolved(TicketResolution Resolution, string? Note, Guid? DuplicateOf, string By, DateTimeOffset At);

/// <summary>Reopened within the reopen window (TR-6), on the requester's behalf or by support.</summary>
internal sealed record Reopened(string Reason, string By, DateTimeOffset At, MessageAuthor Author = MessageAuthor.Requester, EmailOrigin? Email = null);

/// <summary>The requester was reminded of the question they have not answered (TR-4): 1 or 2.</summary>
internal sealed record ReminderSent(int Reminder, string By, DateTimeOffset At);

/// <summary>Closed: final, readable forever.</summary>
internal sealed record Closed(string By, DateTimeOffset At);

/// <summary>On the original ticket: another ticket was resolved as its duplicate (the history is kept on both).</summary>
internal sealed record DuplicateLinked(Guid DuplicateTicketId, string DuplicateNumber, string By, DateTimeOffset At);

/// <summary>On the earlier ticket: a reopen came too late and a follow-up ticket was opened instead (TR-6).</summary>
internal sealed record FollowUpOpened(
    Guid FollowUpTicketId, string Reason, string By, DateTimeOffset At, MessageAuthor Author = MessageAuthor.Requester, EmailOrigin? Email = null);

/// <summary>An agent attached a ticket from an unknown sender to its organisation (IN-5): partners of that organisation see it from now on.</summary>
internal sealed record OrganizationAssigned(
    Guid From, Guid OrganizationId, string OrganizationName, Language Language, bool OutsideContract, string By, DateTimeOffset At);

/// <summary>A file was attached after intake (IN-4): public, or internal (staff only). Its content is stored in the same transaction.</summary>
internal sealed record AttachmentAdded(
    Guid AttachmentId, string FileName, string ContentType, long Size, string Sha256, MessageVisibility Visibility, MessageAuthor Author,
    string By, DateTimeOffset At);

// What escalation did (ES-1..ES-7), recorded on the ticket's stream by Triage as it follows the
// Escalation module's events. Each carries the status it moved the ticket to, decided by the
// transition table when it was recorded (null: recorded, status unchanged), so replaying the stream
// always gives the same ticket.

/// <summary>Support tried to reproduce the bug (ES-1); the notes are staff only.</summary>
internal sealed record ReproductionRecorded(bool Reproduced, string? Notes, string By, DateTimeOffset At);

/// <summary>The bug went to development (ES-2).</summary>
internal sealed record EscalatedToDevelopment(Guid DevelopmentIssueId, string DevelopmentIssueNumber, TicketStatus? To, string By, DateTimeOffset At);

/// <summary>Development deployed the fix (ES-3): back to the agent, to confirm with the customer.</summary>
internal sealed record FixDeployed(Guid DevelopmentIssueId, string DevelopmentIssueNumber, string Version, TicketStatus? To, string By, DateTimeOffset At);

/// <summary>The customer's answer about the fix (ES-3): fixed resolves it (solved), not fixed sends it back to development.</summary>
internal sealed record FixConfirmationRecorded(
    Guid DevelopmentIssueId, string Version, bool Fixed, string? Comment, TicketStatus? To, string By, DateTimeOffset At);

/// <summary>The feature request went to the product team as (part of) a suggestion (ES-5).</summary>
internal sealed record ForwardedToProduct(Guid SuggestionId, string SuggestionNumber, TicketStatus? To, string By, DateTimeOffset At);

/// <summary>The product team decided (ES-7): its message joins the conversation; declined and shipped resolve the ticket with it.</summary>
internal sealed record ProductDecided(
    Guid MessageId,
    Guid SuggestionId, string SuggestionNumber, ProductDecision Decision, string Message, string? Workaround, TicketStatus? To,
    TicketResolution? Resolution, string By, DateTimeOffset At);
