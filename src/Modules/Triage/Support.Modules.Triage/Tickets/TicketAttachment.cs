using System.Security.Claims;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets;

/// <summary>A file attached to the ticket (IN-4), as kept on it; the content is in the attachment store.</summary>
internal sealed class TicketAttachment
{
    public Guid Id { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public string Sha256 { get; set; } = "";

    public MessageVisibility Visibility { get; set; }

    public MessageAuthor Author { get; set; }

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public AttachmentInfo Info => new(Id, FileName, ContentType, Size, Sha256);

    /// <summary>Staff see every file; partners the public ones only (TR-7, NF-3).</summary>
    public static IEnumerable<TicketAttachment> VisibleTo(Ticket ticket, ClaimsPrincipal caller) =>
        caller.IsPartner() ? ticket.Attachments.Where(a => a.Visibility == MessageVisibility.Public) : ticket.Attachments;
}

/// <summary>A file attached to a ticket.</summary>
/// <param name="Id">Its id.</param>
/// <param name="FileName">Its name, as sent (without any path).</param>
/// <param name="ContentType">Its media type; the download is served with it.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">The SHA-256 of its content, lower-case hexadecimal.</param>
/// <param name="Visibility">public, or internal (staff only; partners never see internal files).</param>
/// <param name="Author">support or requester.</param>
/// <param name="By">Staff only: the API key that attached it.</param>
/// <param name="At">When it was attached.</param>
/// <param name="Url">Where its content is downloaded.</param>
internal sealed record AttachmentView(
    Guid Id, string FileName, string ContentType, long Size, string Sha256, MessageVisibility Visibility, MessageAuthor Author, string? By,
    DateTimeOffset At, string Url)
{
    public static AttachmentView For(Guid ticketId, TicketAttachment attachment, ClaimsPrincipal caller) => new(
        attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.Visibility, attachment.Author,
        caller.IsPartner() ? null : attachment.By, attachment.At, UrlOf(ticketId, attachment.Id));

    public static string UrlOf(Guid ticketId, Guid attachmentId) => $"/api/v1/tickets/{ticketId}/attachments/{attachmentId}";
}
