using System.Security.Cryptography;
using Support.Modules.Shared.Attachments;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// The message as it arrived, byte for byte, kept with the ticket: what the customer sent stays
/// readable whatever this service made of it (quotes trimmed, HTML sanitised, files dropped).
/// </summary>
internal static class OriginalEml
{
    public const string FileName = "original-message.eml";

    /// <summary>
    /// <c>message/rfc822</c>, which <see cref="AttachmentOptions.DefaultContentTypes"/> accepts. The
    /// limits are not applied here: this is the service's own record of the mail, not a customer's
    /// file. An ingestion that wants them asks <see cref="InboundAttachments.Refusal"/> first.
    /// </summary>
    public const string ContentType = "message/rfc822";

    /// <param name="raw">The message's bytes as received (the IMAP or SMTP data, not a re-serialised <c>MimeMessage</c>).</param>
    public static IncomingAttachment For(byte[] raw) =>
        new(InboundAttachments.AttachedPart, FileName, ContentType, raw, Convert.ToHexStringLower(SHA256.HashData(raw)));
}
