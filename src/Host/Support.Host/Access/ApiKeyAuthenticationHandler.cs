using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Host.Access;

/// <summary>Settings under <c>Support:Bootstrap</c>.</summary>
internal sealed class BootstrapOptions
{
    public const string Section = "Support:Bootstrap";

    /// <summary>An administrator key accepted from the first start, before any key was created.</summary>
    public string? AdminKey { get; set; }
}

/// <summary>Finds the key behind a bearer token; remembers verified keys briefly so a busy partner costs no extra reads.</summary>
internal sealed class ApiKeyResolver(IDocumentStore store, IOptions<BootstrapOptions> bootstrap, TimeProvider clock)
{
    public static readonly Guid BootstrapKeyId = Guid.Empty;
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (ApiKey Key, DateTimeOffset Until)> _cache = new();

    public async Task<ApiKey?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        if (bootstrap.Value.AdminKey is { Length: > 0 } adminKey && FixedTimeEquals(token, adminKey))
        {
            return new ApiKey { Id = BootstrapKeyId, Name = "bootstrap administrator", Role = Role.Admin };
        }

        if (!ApiKeySecrets.TryParse(token, out var id, out var secret))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        ApiKey? key;
        if (_cache.TryGetValue(id, out var cached) && cached.Until > now)
        {
            key = cached.Key;
        }
        else
        {
            await using var session = store.QuerySession();
            key = await session.LoadAsync<ApiKey>(id, cancellationToken);
            if (key is not null)
            {
                _cache[id] = (key, now + CacheLifetime);
            }
        }

        return key is not null && ApiKeySecrets.Matches(secret, key.SecretHash) ? key : null;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));
}

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>; answers 401 and 403 as problem documents.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyResolver resolver)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");
        }

        var key = await resolver.ResolveAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
            new(SupportClaims.KeyId, key.Id.ToString()),
            new(ClaimTypes.Role, key.Role.ToString().ToLowerInvariant()),
        };
        claims.AddRange(key.OrganizationIds.Select(id => new Claim(SupportClaims.Organization, id.ToString())));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(new ProblemDetails
        {
            Type = ProblemTypes.Unauthorized,
            Title = "Authentication required",
            Status = StatusCodes.Status401Unauthorized,
            Detail = "Send a valid API key as 'Authorization: Bearer <api key>'.",
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(new ProblemDetails
        {
            Type = ProblemTypes.Forbidden,
            Title = "Forbidden",
            Status = StatusCodes.Status403Forbidden,
            Detail = "This API key's role may not do this.",
        });
    }

    private Task WriteProblemAsync(ProblemDetails problem) =>
        Context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem }).AsTask();
}
