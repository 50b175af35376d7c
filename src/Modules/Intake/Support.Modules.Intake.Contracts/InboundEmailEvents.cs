using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Events;

namespace Support.Modules.Intake.Contracts;

/// <summary>How a received email found the ticket it answers (IN-7), in the order they are tried.</summary>
public enum EmailThreadKey
{
    /// <summary>Its <c>In-Reply-To</c> or <c>References</c> named a Message-ID we sent, or one we received for the ticket.</summary>
    MessageId,

    /// <summary>Its subject carried the ticket's number in brackets, e.g. <c>[SUP-12]</c>.</summary>
    SubjectToken,

    /// <summary>Its body quoted the reference hidden in our outgoing mail.</summary>
    HiddenReference,
}

/// <summary>Where a message of a ticket came from when it came by email: kept in the ticket's history.</summary>
/// <param name="InboundEmailId">The received email's record (<c>/api/v1/inbound/emails/{id}</c>), with its raw message.</param>
/// <param name="From">The sender's address.</param>
/// <param name="MessageId">Its Message-ID, when it had one.</param>
/// <param name="MatchedBy">How it was threaded into the ticket; null for the message that opened it.</param>
/// <param name="Automatic">An automatic message (an out-of-office reply, a list, a mailer daemon): recorded, never answered, and it does not count as the requester's answer.</param>
/// <param name="Notes">What intake left out and why (an attachment over IN-4's limits): internal notes for the agent.</param>
public sealed record EmailOrigin(
    Guid InboundEmailId, string From, string? MessageId, EmailThreadKey? MatchedBy, bool Automatic, IReadOnlyList<string>? Notes = null);

/// <summary>
/// A received email answers an existing ticket (IN-5, IN-7): Intake recorded it (exactly once, with
/// its attachments stored for the ticket) and Triage adds it to the ticket's conversation, as the
/// requester's reply over the API would be: a reply to a waiting ticket puts it back in progress, a
/// reply to a resolved ticket within the reopen window reopens it, and a later one opens a follow-up.
/// </summary>
/// <param name="TicketId">The ticket it answers.</param>
/// <param name="MessageId">The id the message takes in the ticket's conversation.</param>
/// <param name="Sender">Who wrote it (the requester, or a contact of the ticket's organisation).</param>
/// <param name="Body">Its new text, quoted replies and signature trimmed (the original is attached as <c>.eml</c>).</param>
/// <param name="Origin">The email it came in.</param>
/// <param name="Attachments">Its files (and the original message as <c>.eml</c>), stored in Intake's transaction.</param>
public sealed record EmailReplyReceived(
    Guid TicketId,
    Guid MessageId,
    RequesterContact Sender,
    string Body,
    EmailOrigin Origin,
    IReadOnlyList<AttachmentInfo> Attachments) : IntegrationEvent;

/// <summary>
/// A delivery status notification (a bounce, RFC 3464) came back for an email we sent: it is that
/// email's delivery failure, not a ticket (NO-7).
/// </summary>
/// <param name="OriginalMessageId">The Message-ID of our email that bounced, without angle brackets.</param>
/// <param name="Recipient">The recipient the report is about, when it says.</param>
/// <param name="Status">The RFC 3463 status code, e.g. <c>5.1.1</c>, when it says.</param>
/// <param name="Diagnostic">The remote server's words, when it gives them.</param>
/// <param name="InboundEmailId">The report as received.</param>
public sealed record EmailBounced(string OriginalMessageId, string? Recipient, string? Status, string? Diagnostic, Guid InboundEmailId) : IntegrationEvent;
