using System.Globalization;
using System.Security.Cryptography;
using MimeKit;
using Support.Modules.Shared.Attachments;

namespace Support.Modules.Intake.Email.Content;

/// <summary>A file of the message that the attachment limits refused (IN-4); the message itself is still taken in.</summary>
/// <param name="FileName">Its name, made safe as a kept file's would be.</param>
/// <param name="Reason">Why, as a sentence that names the file: fit for a note on the ticket.</param>
internal sealed record DroppedAttachment(string FileName, string Reason);

/// <summary>
/// The files of a message as the API would take them (IN-4): named and typed by
/// <see cref="AttachmentNaming"/>, checked against the same <see cref="AttachmentOptions"/>. Unlike the
/// API, which refuses the whole request, a file the limits refuse is dropped alone, with its reason:
/// a mail cannot be sent back for correction the way a request can.
/// </summary>
internal static class InboundAttachments
{
    /// <summary>Prefixed to the name of an image shown inside the message, so that staff can tell it from a file the sender attached.</summary>
    public const string InlinePrefix = "inline-";

    /// <summary>The part name of a file shown inside the message.</summary>
    public const string InlinePart = "inline";

    /// <summary>The part name of a file attached to the message.</summary>
    public const string AttachedPart = "attachment";

    private const string EmailType = "message/rfc822";
    private const long Kibi = 1024;
    private const long Mebi = 1024 * 1024;

    /// <summary>The files of the message within the limits, and those dropped, each in the sender's order.</summary>
    public static (IReadOnlyList<IncomingAttachment> Kept, IReadOnlyList<DroppedAttachment> Dropped) Read(
        IReadOnlyList<MimeEntity> files, AttachmentOptions limits)
    {
        var kept = new List<IncomingAttachment>();
        var dropped = new List<DroppedAttachment>();
        long total = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var file = Describe(files[i], position: i + 1);
            var size = file.Content.LongLength;
            var refusal = Refusal(file.FileName, file.ContentType, size, limits)
                ?? (kept.Count == limits.MaxFilesPerRequest ? $"{NotKept(file.FileName)}a message may bring at most {limits.MaxFilesPerRequest} files." : null)
                ?? (total + size > limits.RequestLimit ? $"{NotKept(file.FileName)}the files of one message may add up to {Size(limits.RequestLimit)}." : null);
            if (refusal is not null)
            {
                dropped.Add(new DroppedAttachment(file.FileName, refusal));
                continue;
            }

            total += size;
            kept.Add(new IncomingAttachment(file.PartName, file.FileName, file.ContentType, file.Content, Convert.ToHexStringLower(SHA256.HashData(file.Content))));
        }

        return (kept, dropped);
    }

    /// <summary>
    /// Why the limits refuse one file, as a sentence for the ticket; null when it may be kept. Checked
    /// in the API's order: type, size, emptiness.
    /// </summary>
    public static string? Refusal(string fileName, string contentType, long size, AttachmentOptions limits) =>
        !limits.Allowed.Contains(contentType) ? $"{NotKept(fileName)}files of type '{contentType}' are not accepted."
        : size > limits.MaxBytes ? $"{NotKept(fileName)}at {Size(size)} it is larger than the {Size(limits.MaxBytes)} a file may be."
        : size == 0 ? $"{NotKept(fileName)}it is empty."
        : null;

    /// <summary>A part as a file, not yet checked.</summary>
    private static Candidate Describe(MimeEntity entity, int position)
    {
        if (entity is MessagePart forwarded)
        {
            return new Candidate(AttachedPart, EmlName(forwarded), EmailType, Bytes(forwarded));
        }

        var part = (MimePart)entity;
        var inline = IsInline(part);
        var sent = part.FileName ?? Unnamed(part, inline, position);
        var fileName = AttachmentNaming.FileName(inline ? InlinePrefix + AttachmentNaming.FileName(sent) : sent);
        var contentType = AttachmentNaming.ContentType(part.ContentType.MimeType, fileName);
        return new Candidate(inline ? InlinePart : AttachedPart, fileName, contentType, Bytes(part));
    }

    // An image shown in the message's HTML (Content-ID, referred to as cid:) or marked inline. Other
    // files marked inline (Apple Mail shows a PDF that way) are attachments to the reader all the same.
    private static bool IsInline(MimePart part) =>
        !part.IsAttachment
        && part.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase)
        && (part.ContentDisposition is not null || part.ContentId is not null);

    // "attachment-2.pdf", or "image-1.png" for an inline image (then prefixed).
    private static string Unnamed(MimePart part, bool inline, int position)
    {
        var stem = inline ? "image" : AttachedPart;
        return MimeTypes.TryGetExtension(part.ContentType.MimeType, out var extension)
            ? $"{stem}-{position}{extension}"
            : $"{stem}-{position}";
    }

    // A forwarded message is named as a mail client saves one: after its subject.
    private static string EmlName(MessagePart forwarded)
    {
        var sent = forwarded.ContentDisposition?.FileName ?? forwarded.ContentType.Name;
        if (string.IsNullOrWhiteSpace(sent))
        {
            var subject = forwarded.Message?.Subject;
            sent = string.IsNullOrWhiteSpace(subject) ? "forwarded-message" : subject.Replace('/', '-').Replace('\\', '-');
        }

        return AttachmentNaming.FileName(sent.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ? sent : sent + ".eml");
    }

    private static byte[] Bytes(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        return content.ToArray();
    }

    private static byte[] Bytes(MessagePart forwarded)
    {
        using var content = new MemoryStream();

        // Saved as a mail client writes an .eml, with CRLF line ends whatever the server's platform.
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        forwarded.Message?.WriteTo(format, content);
        return content.ToArray();
    }

    private static string NotKept(string fileName) => $"The attachment '{fileName}' was not kept: ";

    // Rounded up, so that a file just over a round limit never reads as its equal.
    private static string Size(long bytes) => bytes switch
    {
        >= Mebi => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(bytes * 10.0 / Mebi) / 10:0.#} MiB"),
        >= Kibi => string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(bytes * 10.0 / Kibi) / 10:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private sealed record Candidate(string PartName, string FileName, string ContentType, byte[] Content);
}
