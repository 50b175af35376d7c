using Microsoft.AspNetCore.Http;

namespace Support.Modules.Shared.Http;

/// <summary>
/// Optimistic concurrency on state changes: a resource's <c>version</c> is its ETag (<c>"3"</c>), and a
/// request may send it back in <c>If-Match</c> so that it applies only to the version the caller read.
/// </summary>
public static class IfMatch
{
    /// <summary>The version the caller expects, or null when it sent no <c>If-Match</c> (or <c>*</c>).</summary>
    /// <exception cref="FluentValidation.ValidationException">The header is not a version this API gave out.</exception>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (int.TryParse(tag.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new FluentValidation.ValidationException(
        [
            new FluentValidation.Results.ValidationFailure("If-Match", "Send the ETag of the resource as read, e.g. If-Match: \"3\"."),
        ]);
    }

    public static string ETagFor(int version) => $"\"{version}\"";
}
