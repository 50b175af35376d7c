namespace Support.Host.Idempotency;

/// <summary>
/// One caller's use of one <c>Idempotency-Key</c>. Inserted in the same transaction as the handler's
/// write, so it exists exactly when that write committed; the answer is added after a 2xx.
/// </summary>
internal sealed class IdempotencyRecord
{
    /// <summary><c>{API key id}/{Idempotency-Key}</c>: keys are scoped per caller.</summary>
    public string Id { get; set; } = "";

    /// <summary>SHA-256 (hex) of the method, path and body of the first request.</summary>
    public string RequestHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The first answer, replayed to retries; null while the request runs, or when its process died after commit.</summary>
    public StoredResponse? Response { get; set; }

    public static string IdFor(string callerKeyId, string idempotencyKey) => $"{callerKeyId}/{idempotencyKey}";
}

/// <summary>What a retry gets back: the first answer's status, body and the headers a client acts on.</summary>
internal sealed class StoredResponse
{
    public int Status { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string? ETag { get; set; }

    public byte[] Body { get; set; } = [];
}
