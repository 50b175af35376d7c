using System.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Support.Modules.Shared.Http;

namespace Support.Host.Errors;

internal static class ErrorRegistration
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Type ??= problem.Status switch
            {
                StatusCodes.Status404NotFound => ProblemTypes.NotFound,
                StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
                StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
                _ => problem.Type,
            };
            if (problem.Status == StatusCodes.Status404NotFound && problem.Detail is null)
            {
                problem.Detail = $"No resource at {context.HttpContext.Request.Path}.";
            }
            else if (problem.Status == StatusCodes.Status405MethodNotAllowed && problem.Detail is null)
            {
                problem.Detail = $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.";
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures are thrown, so ProblemExceptionHandler can say what was wrong with the body.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Refuses a body announced larger than the limit before reading it (413). Kestrel enforces the same
    /// limit on bodies without a length; this also covers servers that do not (the test server). An
    /// endpoint that takes more (attachments) says so with <see cref="IRequestSizeLimitMetadata"/>, which
    /// routing has already applied to the server's limit for this request, and which wins here too.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use((context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpoint
                ? endpoint.MaxRequestBodySize
                : maxBytes;
            return context.Request.ContentLength > limit
                ? throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge)
                : next(context);
        });
}
