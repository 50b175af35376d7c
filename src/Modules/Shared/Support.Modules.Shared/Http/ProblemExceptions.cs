namespace Support.Modules.Shared.Http;

/// <summary>The resource does not exist, or the caller may not see it (answered 404, revealing neither).</summary>
public sealed class NotFoundException(string what) : Exception($"No {what} with this id exists, or you may not see it.")
{
    public string What { get; } = what;
}

/// <summary>
/// The resource's current state does not allow the request: answered 409 with a problem document
/// that says what is allowed instead.
/// </summary>
public sealed class ConflictException(string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public string Title { get; } = title;

    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}

/// <summary>The <c>If-Match</c> version is not the resource's current one (answered 412).</summary>
public sealed class PreconditionFailedException(int currentVersion)
    : Exception($"The resource is at version {currentVersion}: read it again and resend with If-Match: \"{currentVersion}\".")
{
    public int CurrentVersion { get; } = currentVersion;
}

/// <summary>The caller's role may do this kind of thing, but not this one (answered 403 with the reason).</summary>
public sealed class ForbiddenException(string detail) : Exception(detail);
