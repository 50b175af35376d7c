using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Text;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// A message's MIME tree sorted once: the text a person wrote (plain and HTML bodies) and the files
/// that came with it, in the order the sender put them.
/// </summary>
internal sealed class MessageParts
{
    private readonly List<TextPart> plainBodies = [];
    private readonly List<TextPart> htmlBodies = [];
    private readonly List<MimeEntity> files = [];

    private MessageParts()
    {
    }

    /// <summary>Every part that is a file: attachments, inline images, forwarded messages.</summary>
    public IReadOnlyList<MimeEntity> Files => files;

    public static MessageParts Of(MimeMessage message)
    {
        var parts = new MessageParts();
        if (message.Body is not null)
        {
            parts.Sort(message.Body);
        }

        return parts;
    }

    /// <summary>The plain-text body, decoded from its charset; null when the message has none, or only blank ones.</summary>
    public string? PlainText()
    {
        // Some clients send an empty plain alternative beside the HTML that holds the text.
        var text = string.Join("\n", plainBodies.Select(Decoded));
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    /// <summary>The HTML body as sent; null when the message has none.</summary>
    public string? Html() =>
        htmlBodies.Count == 0 ? null : string.Join("\n", htmlBodies.Select(part => part.Text));

    private void Sort(MimeEntity entity)
    {
        switch (entity)
        {
            // The signature of a signed message is no file of the sender's: keeping it would only
            // bring a "smime.p7s not kept" note on every signed reply.
            case MultipartSigned signed when signed.Count > 0:
                Sort(signed[0]);
                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Sort(child);
                }

                break;
            case TextPart text when IsBody(text):
                (text.IsHtml ? htmlBodies : plainBodies).Add(text);
                break;
            case MimePart or MessagePart:
                files.Add(entity);
                break;
        }
    }

    // A text part without a file name that is not marked as an attachment is what the sender wrote;
    // other text parts (a log attached inline, a calendar invitation) are files.
    private static bool IsBody(TextPart part) =>
        !part.IsAttachment && part.FileName is null && (part.IsPlain || part.IsHtml);

    private static string Decoded(TextPart part)
    {
        if (!part.IsFlowed)
        {
            return part.Text;
        }

        // format=flowed wraps long lines with a trailing space; joined back, a paragraph reads as one line.
        var deleteSpace = string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase);
        return new FlowedToText { DeleteSpace = deleteSpace }.Convert(part.Text);
    }
}
