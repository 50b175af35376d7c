using Support.Modules.Intake.Contracts;
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
internal sealed record MessageAdded(Guid MessageId, string Body, MessageVisibility Visibility, MessageAuthor Author, string By, DateTimeOffset At);

/// <summary>Support asked the requester something and waits for the answer (TR-4).</summary>
internal sealed record AwaitingCustomer(Guid MessageId, string Message, string By, DateTimeOffset At);

/// <summary>The requester answered while the ticket waited on them: back in progress (TR-4).</summary>
internal sealed record CustomerReplied(Guid MessageId, string Body, string By, DateTimeOffset At);

/// <summary>Resolved with a resolution the customer sees (TR-5).</summary>
internal sealed record Resolved(TicketResolution Resolution, string? Note, Guid? DuplicateOf, string By, DateTimeOffset At);

/// <summary>Reopened within the reopen window (TR-6), on the requester's behalf or by support.</summary>
internal sealed record Reopened(string Reason, string By, DateTimeOffset At, MessageAuthor Author = MessageAuthor.Requester);

/// <summary>Closed: final, readable forever.</summary>
internal sealed record Closed(string By, DateTimeOffset At);

/// <summary>On the original ticket: another ticket was resolved as its duplicate (the history is kept on both).</summary>
internal sealed record DuplicateLinked(Guid DuplicateTicketId, string DuplicateNumber, string By, DateTimeOffset At);

/// <summary>On the earlier ticket: a reopen came too late and a follow-up ticket was opened instead (TR-6).</summary>
internal sealed record FollowUpOpened(Guid FollowUpTicketId, string Reason, string By, DateTimeOffset At, MessageAuthor Author = MessageAuthor.Requester);

/// <summary>A file was attached after intake (IN-4): public, or internal (staff only). Its content is stored in the same transaction.</summary>
internal sealed record AttachmentAdded(
    Guid AttachmentId, string FileName, string ContentType, long Size, string Sha256, MessageVisibility Visibility, MessageAuthor Author,
    string By, DateTimeOffset At);
