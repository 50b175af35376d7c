using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Host.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on the POSTs of <c>/api/v1</c> (IN-7): a retry with the same key and body
/// gets the first answer again and writes nothing; the same key with another body is a 422. The
/// record is inserted into the request's own <see cref="IDocumentSession"/> before the endpoint runs,
/// so it commits in the handler's transaction: whatever happens afterwards, a committed write always
/// leaves its record, and a retry can never write twice (ADR 0005).
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next, IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>A request in flight usually finishes within a second.</summary>
    private const string InUseRetryAfterSeconds = "1";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.StartsWithSegments("/api/v1")
            || !request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }

        if (values.Count != 1 || !IsValidKey(values[0]))
        {
            await WriteProblemAsync(context, new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                [HeaderName] = [$"Send one key of 1 to {MaxKeyLength} printable ASCII characters, e.g. a UUID."],
            })
            {
                Type = ProblemTypes.Validation,
                Title = "Invalid Idempotency-Key",
                Status = StatusCodes.Status400BadRequest,
                Detail = $"The {HeaderName} header must be 1 to {MaxKeyLength} printable ASCII characters.",
            });
            return;
        }

        // Every POST of /api/v1 requires an API key, so authorization has already answered anonymous
        // callers; an unmatched path (404) has no caller to scope a key to.
        if (context.User.FindFirstValue(SupportClaims.KeyId) is not { } caller)
        {
            await next(context);
            return;
        }

        var id = IdempotencyRecord.IdFor(caller, values[0]!);
        var hash = await HashAsync(request, context.RequestAborted);
        var now = clock.GetUtcNow();
        if (await FindAsync(id, now, context.RequestAborted) is { } existing)
        {
            await AnswerFromRecordAsync(context, existing, hash);
            return;
        }

        var record = new IdempotencyRecord { Id = id, RequestHash = hash, CreatedAt = now, ExpiresAt = now + options.Value.Retention };
        context.RequestServices.GetRequiredService<IDocumentSession>().Insert(record);

        // The answer is held back until it is remembered, so a client that has seen it can rely on a replay.
        var responseBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var buffer = new MemoryStream();
        var buffering = new StreamResponseBodyFeature(buffer, responseBody);
        context.Features.Set<IHttpResponseBodyFeature>(buffering);
        try
        {
            await next(context);
            await buffering.CompleteAsync();
        }
        catch (Exception exception) when (IsUniqueViolation(exception))
        {
            // A concurrent request with this key committed first; this one's write rolled back with its record.
            context.Features.Set(responseBody);
            var winner = await FindAsync(id, now, CancellationToken.None);
            if (winner is null)
            {
                throw;
            }

            context.Response.Clear();
            await AnswerFromRecordAsync(context, winner, hash);
            return;
        }
        finally
        {
            context.Features.Set(responseBody);
        }

        if (context.Response.StatusCode is >= 200 and < 300)
        {
            await RememberAsync(record, context.Response, buffer.ToArray());
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static bool IsValidKey(string? key) =>
        key is { Length: >= 1 and <= MaxKeyLength } && !string.IsNullOrWhiteSpace(key) && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// Method, path and body. The body is buffered (in memory, then a temporary file for large uploads)
    /// and rewound, so the endpoint reads it again after us.
    /// </summary>
    private static async Task<string> HashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The live record of this key; an expired one the cleanup job has not reached yet is deleted, so the key starts afresh.</summary>
    private async Task<IdempotencyRecord?> FindAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var record = await session.LoadAsync<IdempotencyRecord>(id, cancellationToken);
        if (record is null || record.ExpiresAt > now)
        {
            return record;
        }

        // Conditional, so a fresh record another request has just committed for this key stays.
        session.DeleteWhere<IdempotencyRecord>(r => r.Id == id && r.ExpiresAt <= now);
        await session.SaveChangesAsync(cancellationToken);
        return null;
    }

    private async Task RememberAsync(IdempotencyRecord record, HttpResponse response, byte[] body)
    {
        record.Response = new StoredResponse
        {
            Status = response.StatusCode,
            ContentType = response.ContentType,
            Location = response.Headers.Location,
            ETag = response.Headers.ETag,
            Body = body,
        };
        try
        {
            // Not the request's token: the write has committed, so its answer is kept even if the caller
            // has gone, and the caller's retry replays it.
            await using var session = store.LightweightSession();
            session.Store(record);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The write committed: the caller still gets its answer. A retry is answered 409 until the record expires.
            logger.LogError(exception, "Could not remember the answer for idempotency record {RecordId}", record.Id);
        }
    }

    private static Task AnswerFromRecordAsync(HttpContext context, IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            return WriteProblemAsync(context, new ProblemDetails
            {
                Type = ProblemTypes.IdempotencyKeyReused,
                Title = "Idempotency-Key already used",
                Status = StatusCodes.Status422UnprocessableEntity,
                Detail = $"This {HeaderName} was already used for a different request (another method, path or body). Use a new key for a new request.",
            });
        }

        if (record.Response is not { } stored)
        {
            context.Response.Headers.RetryAfter = InUseRetryAfterSeconds;
            return WriteProblemAsync(context, new ProblemDetails
            {
                Type = ProblemTypes.IdempotencyKeyInUse,
                Title = "Idempotency-Key in use",
                Status = StatusCodes.Status409Conflict,
                Detail = $"A request with this {HeaderName} is still being processed, or was processed but its answer was not recorded. " +
                    "Retry after Retry-After seconds; if this persists, read the resource instead of creating it again.",
            });
        }

        return ReplayAsync(context, stored);
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        var response = context.Response;
        response.StatusCode = stored.Status;
        response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            response.Headers.ETag = stored.ETag;
        }

        response.Headers[ReplayedHeaderName] = "true";
        response.ContentLength = stored.Body.Length;
        await response.Body.WriteAsync(stored.Body, context.RequestAborted);
    }

    private static async Task WriteProblemAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static bool IsUniqueViolation(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DocumentAlreadyExistsException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
