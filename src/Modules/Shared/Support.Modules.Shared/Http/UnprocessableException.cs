namespace Support.Modules.Shared.Http;

/// <summary>
/// A well-formed request that refers to something that does not exist or cannot be used:
/// answered 422 with the field and the reason.
/// </summary>
public sealed class UnprocessableException(string field, string message, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(message)
{
    public string Field { get; } = field;

    /// <summary>More members of the problem document, e.g. the line and column of a template error.</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}
