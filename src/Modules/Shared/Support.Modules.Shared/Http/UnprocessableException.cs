namespace Support.Modules.Shared.Http;

/// <summary>
/// A well-formed request that refers to something that does not exist or cannot be used:
/// answered 422 with the field and the reason.
/// </summary>
public sealed class UnprocessableException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
