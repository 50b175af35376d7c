using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Support.Host.Infrastructure;

/// <summary>Ready means PostgreSQL answers a query.</summary>
internal sealed class PostgresHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            var answer = await session.QueryAsync<int>("select 1", cancellationToken);
            return answer.Count == 1 ? HealthCheckResult.Healthy("PostgreSQL answers.") : HealthCheckResult.Unhealthy("PostgreSQL gave no answer.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", exception);
        }
    }
}

/// <summary>The service's health.</summary>
/// <param name="Status">healthy or unhealthy.</param>
/// <param name="Checks">Each dependency checked, with its state.</param>
internal sealed record HealthReportView(string Status, IReadOnlyDictionary<string, string> Checks);

internal static class HealthRegistration
{
    public const string Ready = "ready";

    public static IServiceCollection AddSupportHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: [Ready]);
        return services;
    }

    public static void MapSupportHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();
        health.MapGet("/live", () => TypedResults.Ok(new HealthReportView("healthy", new Dictionary<string, string>())))
            .WithName("GetLiveness")
            .WithSummary("The process is up (anyone)")
            .WithDescription("Answers 200 while the process runs, without checking its dependencies. No API key needed.");
        health.MapGet("/ready", async Task<Results<Ok<HealthReportView>, JsonHttpResult<HealthReportView>>> (
                HealthCheckService checks, CancellationToken cancellationToken) =>
            {
                var report = await checks.CheckHealthAsync(check => check.Tags.Contains(Ready), cancellationToken);
                var view = new HealthReportView(
                    report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
                    report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy ? "healthy" : "unhealthy"));
                return report.Status == HealthStatus.Healthy
                    ? TypedResults.Ok(view)
                    : TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("GetReadiness")
            .WithSummary("The service can serve requests: PostgreSQL answers (anyone)")
            .WithDescription("Answers 200 when every dependency answers, 503 with the same report naming the failing check otherwise. No API key needed.")
            .Produces<HealthReportView>(StatusCodes.Status503ServiceUnavailable);
    }
}
