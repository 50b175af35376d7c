using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Host.RateLimiting;

/// <summary>Settings under <c>Support:RateLimit</c>.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Support:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second per API key; below 1, e.g. 0.5 is one request every 2 s.</summary>
    public double PermitsPerSecond { get; set; } = 50;

    /// <summary>Requests a key may send at once after a quiet period (the bucket's size).</summary>
    public int Burst { get; set; } = 200;
}

internal static class RateLimitRegistration
{
    /// <summary>
    /// A token bucket per API key (per remote address for callers without one), so one busy partner
    /// cannot starve the others. Health probes, the OpenAPI document and /docs opt out with
    /// <c>DisableRateLimiting()</c>.
    /// </summary>
    public static IServiceCollection AddSupportRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RateLimitOptions.Section);
        services.Configure<RateLimitOptions>(section);
        var options = section.Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (options.Enabled && (options.PermitsPerSecond <= 0 || options.Burst < 1))
        {
            throw new InvalidOperationException(
                $"{RateLimitOptions.Section}: PermitsPerSecond must be above 0 and Burst at least 1 (or set Enabled to false).");
        }

        var bucket = TokenBucket(options);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                context => RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => bucket));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>After authentication, so requests are counted against the key that sent them.</summary>
    public static WebApplication UseSupportRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
        {
            app.UseRateLimiter();
        }

        return app;
    }

    private static TokenBucketRateLimiterOptions TokenBucket(RateLimitOptions options)
    {
        // Whole tokens only: a slower rate than one a second adds one token every 1/rate seconds.
        var (tokens, period) = options.PermitsPerSecond >= 1
            ? ((int)Math.Round(options.PermitsPerSecond), TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromSeconds(1 / options.PermitsPerSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(SupportClaims.KeyId) is { } keyId
            ? $"key:{keyId}"
            : $"address:{context.Connection.RemoteIpAddress}";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests",
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"This API key has used up its request allowance. Retry after {seconds} second(s).",
            },
        });
    }
}
