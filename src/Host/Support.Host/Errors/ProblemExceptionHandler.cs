using System.Diagnostics;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;

namespace Support.Host.Errors;

/// <summary>
/// Turns every exception that reaches the pipeline into a problem document (RFC 9457). Bad input is a
/// 4xx that says what is wrong; anything else is a 500 that reveals nothing but a trace id, which
/// the log carries with the full exception.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => ValidationProblem(validation),
            UnprocessableException unprocessable => WithExtensions(new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                [unprocessable.Field] = [unprocessable.Message],
            })
            {
                Type = ProblemTypes.UnprocessableEntity,
                Title = "The request cannot be processed",
                Status = StatusCodes.Status422UnprocessableEntity,
                Detail = unprocessable.Message,
            }, unprocessable.Extensions),
            BadHttpRequestException badRequest => BadRequest(badRequest),
            NotFoundException notFound => new ProblemDetails
            {
                Type = ProblemTypes.NotFound,
                Title = "Not found",
                Status = StatusCodes.Status404NotFound,
                Detail = notFound.Message,
            },
            ConflictException conflict => WithExtensions(new ProblemDetails
            {
                Type = conflict.Extensions.ContainsKey("allowedTransitions") ? ProblemTypes.TransitionNotAllowed : ProblemTypes.Conflict,
                Title = conflict.Title,
                Status = StatusCodes.Status409Conflict,
                Detail = conflict.Message,
            }, conflict.Extensions),
            PreconditionFailedException stale => WithExtensions(new ProblemDetails
            {
                Type = ProblemTypes.PreconditionFailed,
                Title = "The resource has changed",
                Status = StatusCodes.Status412PreconditionFailed,
                Detail = stale.Message,
            }, new Dictionary<string, object?> { ["currentVersion"] = stale.CurrentVersion }),
            AttachmentRejectedException rejected => WithExtensions(new ProblemDetails
            {
                Type = rejected.Type,
                Title = rejected.Title,
                Status = rejected.Status,
                Detail = rejected.Message,
            }, rejected.Extensions),
            _ when IsConcurrencyConflict(exception) => new ProblemDetails
            {
                Type = ProblemTypes.Conflict,
                Title = "The resource changed meanwhile",
                Status = StatusCodes.Status409Conflict,
                Detail = "Another change to this resource was committed while this one was being made; nothing was changed. Read it again and retry.",
            },
            ForbiddenException forbidden => new ProblemDetails
            {
                Type = ProblemTypes.Forbidden,
                Title = "Forbidden",
                Status = StatusCodes.Status403Forbidden,
                Detail = forbidden.Message,
            },
            _ when IsUnstorableText(exception) => new ProblemDetails
            {
                Type = ProblemTypes.Validation,
                Title = "The request is not valid",
                Status = StatusCodes.Status400BadRequest,
                Detail = "The request contains a NUL character (\\u0000) or another character that text cannot hold: remove it and send again. Nothing was changed.",
            },
            _ => null,
        };

        if (problem is null)
        {
            var traceId = Activity.Current?.Id ?? httpContext.TraceIdentifier;
            logger.LogError(exception, "Unhandled exception on {Method} {Path} (trace {TraceId})",
                httpContext.Request.Method, httpContext.Request.Path, traceId);
            problem = new ProblemDetails
            {
                Type = ProblemTypes.Internal,
                Title = "An unexpected error occurred",
                Status = StatusCodes.Status500InternalServerError,
                Detail = "The error has been logged. Quote the traceId when you report it.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails WithExtensions(ProblemDetails problem, IReadOnlyDictionary<string, object?> extensions)
    {
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    private static ValidationProblemDetails ValidationProblem(ValidationException validation)
    {
        var errors = validation.Errors
            .GroupBy(e => JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new ValidationProblemDetails(errors)
        {
            Type = ProblemTypes.Validation,
            Title = "The request is not valid",
            Status = StatusCodes.Status400BadRequest,
            Detail = $"{errors.Count} field(s) need attention: {string.Join(", ", errors.Keys)}.",
        };
    }

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        var status = exception.StatusCode;
        var (type, title, detail) = status switch
        {
            StatusCodes.Status413PayloadTooLarge => (ProblemTypes.PayloadTooLarge, "Request body too large",
                "The request body is larger than this endpoint accepts."),
            StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.UnsupportedMediaType, "Unsupported media type",
                "Send the request body as 'Content-Type: application/json'."),
            _ when FindJsonException(exception) is { } json => (ProblemTypes.MalformedRequest, "Malformed JSON",
                json.Path is { Length: > 0 } path && json.Path != "$"
                    ? $"The request body is not valid JSON for this endpoint at '{path}': check the value's type and spelling."
                    : "The request body is not valid JSON."),
            _ => (ProblemTypes.MalformedRequest, "Bad request", BadRequestDetail(exception)),
        };
        return new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail };
    }

    private static string BadRequestDetail(BadHttpRequestException exception) =>
        exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && exception.Message.Contains("required", StringComparison.OrdinalIgnoreCase)
            ? "A JSON request body is required."
            : exception.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal)
                ? exception.Message.Replace("Failed to bind parameter", "Invalid parameter", StringComparison.Ordinal)
                : "The request could not be read.";

    /// <summary>
    /// PostgreSQL refuses NUL characters in text and jsonb (22P05, 22021): whatever field or parameter
    /// carried one, the transaction rolled back and the caller sent bad input.
    /// </summary>
    /// <summary>A version-checked write lost to another (Marten throws an aggregate when several documents lost at once).</summary>
    private static bool IsConcurrencyConflict(Exception exception) =>
        exception is JasperFx.ConcurrencyException
        || exception is AggregateException { InnerExceptions.Count: > 0 } aggregate && aggregate.InnerExceptions.All(e => e is JasperFx.ConcurrencyException);

    private static bool IsUnstorableText(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is Npgsql.PostgresException { SqlState: "22P05" or "22021" })
            {
                return true;
            }
        }

        return false;
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary><c>Requester.Email</c> → <c>requester.email</c>: error keys name the JSON fields the caller sent.</summary>
    private static string JsonPath(string propertyName) => propertyName.Contains('-', StringComparison.Ordinal)
        ? propertyName // a header, e.g. If-Match
        : string.Join('.', propertyName.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
