namespace Support.Modules.Shared.Http;

/// <summary>The <c>type</c> URIs of our problem documents, one per kind of failure.</summary>
public static class ProblemTypes
{
    private const string Base = "https://support.example/problems/";
    public const string Validation = Base + "validation";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string MalformedRequest = Base + "malformed-request";
    public const string UnprocessableEntity = Base + "unprocessable";
    public const string Conflict = Base + "conflict";
    public const string Gone = Base + "gone";
    public const string TransitionNotAllowed = Base + "transition-not-allowed";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string IdempotencyKeyInUse = Base + "idempotency-key-in-use";
    public const string RateLimited = Base + "rate-limited";
    public const string Internal = Base + "internal";
}
