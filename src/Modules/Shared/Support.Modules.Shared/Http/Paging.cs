using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Support.Modules.Shared.Http;

/// <summary>
/// Keyset pagination as the API contract sets it: <c>limit</c> (default 50, max 200) and an opaque
/// <c>cursor</c> that wraps the position of the last item seen, so pages stay stable under inserts.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public readonly record struct Page(int Limit, string? After);

    public static Page? Parse(int? limit, string? cursor)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            return null;
        }

        if (cursor is null)
        {
            return new Page(size, null);
        }

        try
        {
            return new Page(size, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A list position for newest-first keyset paging: later instants sort first, the id breaks ties.</summary>
    public static string NewestFirstKey(DateTimeOffset at, Guid id) => $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}{id:N}";

    public static string CursorFor(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    public static ProblemHttpResult Invalid() => TypedResults.Problem(new ValidationProblemDetails(new Dictionary<string, string[]>
    {
        ["limit"] = [$"Between 1 and {MaxLimit}."],
        ["cursor"] = ["Must be a nextCursor value returned by this list."],
    })
    {
        Type = ProblemTypes.Validation,
        Title = "Invalid paging parameters",
        Status = StatusCodes.Status400BadRequest,
        Detail = "The limit or cursor of this request cannot be used.",
    });
}
