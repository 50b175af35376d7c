using Microsoft.AspNetCore.Http;
using Support.Modules.Shared.Http;

namespace Support.Modules.Shared.Attachments;

/// <summary>
/// An uploaded file the service will not keep: too large (413) or of a type it does not accept (415).
/// Answered with a problem document that names the file and the rule, and nothing of the request is written.
/// </summary>
public sealed class AttachmentRejectedException(int status, string type, string title, string detail, IReadOnlyDictionary<string, object?> extensions)
    : Exception(detail)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions;

    public static AttachmentRejectedException TooLarge(string fileName, long maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Attachment too large",
        $"The file '{fileName}' is larger than the {Describe(maxBytes)} ({maxBytes} bytes) a file may be. Nothing was stored.",
        new Dictionary<string, object?> { ["fileName"] = fileName, ["maxBytes"] = maxBytes });

    public static AttachmentRejectedException TypeNotAllowed(string fileName, string contentType, IReadOnlyList<string> allowed) => new(
        StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Attachment type not allowed",
        $"The file '{fileName}' is of type '{contentType}', which is not accepted. Accepted types: {string.Join(", ", allowed)}. Nothing was stored.",
        new Dictionary<string, object?> { ["fileName"] = fileName, ["contentType"] = contentType, ["allowedContentTypes"] = allowed });

    public static AttachmentRejectedException NotMultipart(string? contentType) => new(
        StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type",
        $"Send the files as 'Content-Type: multipart/form-data' (one part per file), not '{contentType ?? "no content type"}'.",
        new Dictionary<string, object?>());

    private static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KiB"
        : $"{bytes} bytes";
}
