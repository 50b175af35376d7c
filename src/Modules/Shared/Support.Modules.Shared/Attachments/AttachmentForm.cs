using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Support.Modules.Shared.Http;

namespace Support.Modules.Shared.Attachments;

/// <summary>A file as received, checked against the limits, not yet stored.</summary>
/// <param name="PartName">The name of the multipart part it came in.</param>
/// <param name="FileName">Its sanitised name.</param>
/// <param name="ContentType">Its media type, one of the accepted ones.</param>
/// <param name="Content">Its bytes (never empty).</param>
/// <param name="Sha256">The SHA-256 of <paramref name="Content"/>, lower-case hexadecimal.</param>
public sealed record IncomingAttachment(string PartName, string FileName, string ContentType, byte[] Content, string Sha256)
{
    public long Size => Content.LongLength;
}

/// <summary>
/// A <c>multipart/form-data</c> request read within the attachment limits (IN-4): every part with a
/// file name is a file, whatever its part name; the others are form fields. A file too large, of a type
/// not accepted or empty fails the whole request before anything is written.
/// </summary>
public sealed class AttachmentForm
{
    private const int MaxBoundaryLength = 70;
    private const int MaxFields = 16;

    private AttachmentForm(IReadOnlyList<IncomingAttachment> files, IReadOnlyDictionary<string, string> fields)
    {
        Files = files;
        Fields = fields;
    }

    public IReadOnlyList<IncomingAttachment> Files { get; }

    /// <summary>The form fields that are not files, by part name (case-insensitive; the first of a name wins).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;

    /// <summary>Whether the request announces a multipart form.</summary>
    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <param name="request">The request, whose body is read here.</param>
    /// <param name="options">The limits.</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <param name="fieldParts">
    /// Parts that are form fields even when sent with a file name, as <c>curl -F ticket=@ticket.json</c> does.
    /// </param>
    /// <exception cref="AttachmentRejectedException">Not multipart (415), malformed (400), a file too large (413) or of a type not accepted (415).</exception>
    /// <exception cref="ValidationException">An empty file (400).</exception>
    public static async Task<AttachmentForm> ReadAsync(
        HttpRequest request, AttachmentOptions options, CancellationToken cancellationToken, params string[] fieldParts)
    {
        if (!IsMultipart(request))
        {
            throw AttachmentRejectedException.NotMultipart(request.ContentType);
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw Malformed("The multipart content type needs a boundary of 1 to 70 characters.");
        }

        var files = new List<IncomingAttachment>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var empty = new List<ValidationFailure>();
        long total = 0;
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw Malformed("Every part needs a 'Content-Disposition: form-data; name=\"...\"' header.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if ((!disposition.FileName.HasValue && !disposition.FileNameStar.HasValue)
                    || fieldParts.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    var value = await ReadLimitedAsync(section.Body, AttachmentOptions.FormOverheadBytes, null, cancellationToken)
                        ?? throw FieldTooLarge(name);
                    total += value.Length;
                    fields.TryAdd(name, Encoding.UTF8.GetString(value));
                    if (fields.Count > MaxFields)
                    {
                        throw Malformed($"A request takes at most {MaxFields} form fields besides its files.");
                    }

                    continue;
                }

                var sentName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                var fileName = AttachmentNaming.FileName(sentName);
                var contentType = AttachmentNaming.ContentType(section.ContentType, fileName);
                if (!options.Allowed.Contains(contentType))
                {
                    throw AttachmentRejectedException.TypeNotAllowed(fileName, contentType, options.Allowed);
                }

                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var content = await ReadLimitedAsync(section.Body, options.MaxBytes, hash, cancellationToken)
                    ?? throw AttachmentRejectedException.TooLarge(fileName, options.MaxBytes);
                if (content.Length == 0)
                {
                    // A browser's file input left empty sends a part with no name and no content: nothing was attached.
                    if (string.IsNullOrEmpty(sentName))
                    {
                        continue;
                    }

                    empty.Add(new ValidationFailure(name.Length == 0 ? "files" : name, $"The file '{fileName}' is empty: attach a file with content."));
                    continue;
                }

                total += content.Length;
                if (total > options.RequestLimit)
                {
                    throw RequestTooLarge(options.RequestLimit);
                }

                if (files.Count == options.MaxFilesPerRequest)
                {
                    throw TooManyFiles(options.MaxFilesPerRequest);
                }

                files.Add(new IncomingAttachment(name, fileName, contentType, content, Convert.ToHexStringLower(hash.GetHashAndReset())));
            }
        }
        catch (InvalidDataException malformed)
        {
            throw Malformed($"The multipart body cannot be read: {malformed.Message}");
        }
        catch (IOException unreadable) when (unreadable is not BadHttpRequestException)
        {
            throw Malformed($"The multipart body cannot be read: {unreadable.Message}");
        }

        if (empty.Count > 0)
        {
            throw new ValidationException(empty);
        }

        return new AttachmentForm(files, fields);
    }

    /// <summary>The whole stream, or null as soon as it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long limit, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                hash?.AppendData(chunk, 0, read);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static AttachmentRejectedException Malformed(string detail) => new(
        StatusCodes.Status400BadRequest, ProblemTypes.MalformedRequest, "Malformed multipart request", detail, new Dictionary<string, object?>());

    private static AttachmentRejectedException TooManyFiles(int max) => new(
        StatusCodes.Status400BadRequest, ProblemTypes.Validation, "Too many files",
        $"A request may carry at most {max} files; send the others in another request. Nothing was stored.",
        new Dictionary<string, object?> { ["maxFiles"] = max });

    private static AttachmentRejectedException FieldTooLarge(string name) => new(
        StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Form field too large",
        $"The form field '{name}' is larger than the {AttachmentOptions.FormOverheadBytes} bytes a field may be. Nothing was stored.",
        new Dictionary<string, object?> { ["field"] = name, ["maxBytes"] = AttachmentOptions.FormOverheadBytes });

    private static AttachmentRejectedException RequestTooLarge(long limit) => new(
        StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Request body too large",
        $"The files of one request may add up to {limit} bytes; send them in several requests. Nothing was stored.",
        new Dictionary<string, object?> { ["maxBytes"] = limit });
}
