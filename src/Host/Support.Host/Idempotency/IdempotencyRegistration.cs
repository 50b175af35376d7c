using Marten;
using Support.Modules.Shared.Scheduling;

namespace Support.Host.Idempotency;

internal static class IdempotencyRegistration
{
    /// <summary>Idempotency records in the <c>idempotency</c> schema, and the clustered job that expires them.</summary>
    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(IdempotencyOptions.Section);
        services.Configure<IdempotencyOptions>(section);
        var options = section.Get<IdempotencyOptions>() ?? new IdempotencyOptions();

        services.ConfigureMarten(marten => marten.Schema.For<IdempotencyRecord>().DatabaseSchemaName("idempotency")
            .Index(r => r.ExpiresAt));
        services.AddRecurringJob<IdempotencyCleanupJob>(IdempotencyCleanupJob.Key, options.CleanupInterval);
        return services;
    }

    /// <summary>After authorization: records are scoped to the authenticated API key.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}
