using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Support.Modules.Shared.Attachments;

/// <summary>What a file is called and what it is, from what the client sent.</summary>
public static class AttachmentNaming
{
    public const int MaxFileNameLength = 255;
    private const string OctetStream = "application/octet-stream";
    private const string Unnamed = "attachment";

    // Only for a part sent as application/octet-stream or without a type: clients send logs and dumps
    // that way, and the extension is all there is to go by.
    private static readonly Dictionary<string, string> TypesByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".log"] = "text/plain", [".txt"] = "text/plain", [".out"] = "text/plain",
        [".csv"] = "text/csv", [".json"] = "application/json", [".xml"] = "application/xml",
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".pdf"] = "application/pdf", [".zip"] = "application/zip", [".gz"] = "application/gzip", [".tgz"] = "application/gzip",
        [".eml"] = "message/rfc822",
    };

    /// <summary>
    /// The file's name without any path (a client may send <c>C:\Users\jane\shot.png</c>), control or
    /// invisible formatting characters (a right-to-left override can disguise an extension), at most
    /// <see cref="MaxFileNameLength"/> characters with its extension kept.
    /// </summary>
    public static string FileName(string? sent)
    {
        var name = (sent ?? "").Normalize(NormalizationForm.FormC);
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var character in name)
        {
            var category = char.GetUnicodeCategory(character);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned))
            {
                kept.Append(character);
            }
        }

        name = kept.ToString().Trim();
        if (name is "" or "." or "..")
        {
            return Unnamed;
        }

        if (name.Length <= MaxFileNameLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        extension = extension.Length is > 1 and <= 16 ? extension : "";
        var stem = name[..(MaxFileNameLength - extension.Length)];
        if (char.IsHighSurrogate(stem[^1]))
        {
            stem = stem[..^1];
        }

        return stem + extension;
    }

    /// <summary>
    /// The media type the file is kept and served with: the one the client declared, lower-case and
    /// without parameters; for <c>application/octet-stream</c> or none, the one its extension names, if any.
    /// </summary>
    public static string ContentType(string? declared, string fileName)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : OctetStream;
        if (mediaType == OctetStream && TypesByExtension.TryGetValue(Path.GetExtension(fileName), out var byExtension))
        {
            return byExtension;
        }

        return mediaType;
    }
}
