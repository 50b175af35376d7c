namespace Support.Modules.Shared.Attachments;

/// <summary>Settings under <c>Support:Attachments</c>: what a file attached to a ticket may be (IN-4).</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Support:Attachments";

    /// <summary>What every multipart request may carry besides its files: headers, boundaries and form fields (the ticket's JSON at intake).</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    /// <summary>
    /// The media types accepted when <see cref="AllowedContentTypes"/> is not set. Screenshots, documents,
    /// logs, data exports, archives and forwarded emails; nothing a browser would run (no HTML, no SVG).
    /// A part sent as <c>application/octet-stream</c> (or without a type) takes the type its extension
    /// names, so a <c>.log</c> file is kept as <c>text/plain</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultContentTypes =
    [
        "image/png", "image/jpeg", "image/gif", "image/webp",
        "application/pdf", "text/plain", "text/csv", "application/json", "application/xml", "text/xml",
        "application/zip", "application/x-zip-compressed", "application/gzip", "application/x-gzip",
        "message/rfc822",
    ];

    /// <summary>The largest file accepted, in bytes (10 MiB by default).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest multipart request accepted by the endpoints that take files, in bytes: all its files
    /// together, plus its form fields. Never less than one file of <see cref="MaxBytes"/> plus
    /// <see cref="FormOverheadBytes"/>.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The most files one request may carry (each is a change of the ticket).</summary>
    public int MaxFilesPerRequest { get; set; } = 20;

    /// <summary>The media types accepted; empty means <see cref="DefaultContentTypes"/>.</summary>
    public List<string> AllowedContentTypes { get; set; } = [];

    /// <summary>The media types accepted, lower-case.</summary>
    public IReadOnlyList<string> Allowed =>
        AllowedContentTypes.Count == 0
            ? DefaultContentTypes
            : AllowedContentTypes.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();

    /// <summary>The body limit of an endpoint that takes files.</summary>
    public long RequestLimit => Math.Max(MaxRequestBytes, MaxBytes + FormOverheadBytes);
}
