using MimeKit;
using Support.Modules.Shared.Attachments;

namespace Support.Modules.Intake.Email.Content;

/// <summary>What a ticket keeps of a received mail: its words, its HTML made safe, its files.</summary>
/// <param name="Text">
/// What the sender wrote in this mail, as plain text: the plain-text body, or else the HTML body's
/// text, without the quoted earlier messages, the signature or a phone's footer. Never empty when
/// <paramref name="FullText"/> is not: if trimming would leave nothing, it is the full text.
/// </param>
/// <param name="FullText">The same text, untrimmed.</param>
/// <param name="Trimmed">Whether <paramref name="Text"/> is shorter than <paramref name="FullText"/>.</param>
/// <param name="Html">The HTML body, sanitised (<see cref="SafeHtml"/>); null when the message has none.</param>
/// <param name="Attachments">The files kept: attachments, inline images (see <see cref="InboundAttachments.InlinePrefix"/>), forwarded messages as <c>.eml</c>.</param>
/// <param name="Dropped">The files the attachment limits refused, each with a sentence for a note on the ticket.</param>
/// <param name="HiddenReference">The ticket named by our own hidden reference (<see cref="TicketReference"/>) anywhere in the body, quotes included.</param>
internal sealed record InboundContent(
    string Text,
    string FullText,
    bool Trimmed,
    string? Html,
    IReadOnlyList<IncomingAttachment> Attachments,
    IReadOnlyList<DroppedAttachment> Dropped,
    Guid? HiddenReference)
{
    /// <param name="message">
    /// The message as parsed by MimeKit; its charsets (legacy ones too, see <see cref="CodePages"/>) and
    /// transfer encodings are decoded here.
    /// </param>
    /// <param name="limits">The attachment limits of the API (IN-4).</param>
    public static InboundContent Read(MimeMessage message, AttachmentOptions limits)
    {
        var parts = MessageParts.Of(message);
        var plain = parts.PlainText();
        var html = parts.Html();
        var (htmlText, htmlNewText) = html is null ? ("", "") : HtmlText.Read(html);

        // The plain body is the sender's own rendering of the text; the HTML's is ours.
        var fullText = ReplyText.Tidy(plain ?? htmlText);
        var newText = ReplyText.NewPart(plain is null ? ReplyText.Tidy(htmlNewText) : fullText);
        var text = newText.Length == 0 ? fullText : newText;

        var (attachments, dropped) = InboundAttachments.Read(parts.Files, limits);
        return new InboundContent(
            text,
            fullText,
            Trimmed: text.Length < fullText.Length,
            html is null ? null : SafeHtml.Sanitize(html),
            attachments,
            dropped,
            TicketReference.Find(plain, html, htmlText));
    }
}
