using Marten;
using Microsoft.AspNetCore.Authentication;
using Support.Modules.Shared.Security;

namespace Support.Host.Access;

internal static class AccessRegistration
{
    private static readonly string Admin = Lower(Role.Admin);
    private static readonly string Agent = Lower(Role.Agent);
    private static readonly string Developer = Lower(Role.Developer);
    private static readonly string Product = Lower(Role.Product);
    private static readonly string Partner = Lower(Role.Partner);
    private static readonly string Mailgate = Lower(Role.Mailgate);

    /// <summary>API-key authentication and one authorization policy per audience in <see cref="Policies"/>.</summary>
    public static IServiceCollection AddApiKeyAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.AddSingleton<ApiKeyResolver>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole(Admin))
            .AddPolicy(Policies.Agent, p => p.RequireRole(Admin, Agent))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Admin, Agent, Developer, Product))
            .AddPolicy(Policies.Development, p => p.RequireRole(Admin, Agent, Developer))
            .AddPolicy(Policies.Developer, p => p.RequireRole(Admin, Developer))
            .AddPolicy(Policies.Product, p => p.RequireRole(Admin, Product))
            .AddPolicy(Policies.ProductOrAgent, p => p.RequireRole(Admin, Agent, Product))
            .AddPolicy(Policies.AgentOrPartner, p => p.RequireRole(Admin, Agent, Partner))
            .AddPolicy(Policies.StaffOrPartner, p => p.RequireRole(Admin, Agent, Developer, Product, Partner))
            .AddPolicy(Policies.AdminOrPartner, p => p.RequireRole(Admin, Partner))
            .AddPolicy(Policies.Mailgate, p => p.RequireRole(Admin, Mailgate));
        services.ConfigureMarten(marten => marten.Schema.For<ApiKey>().DatabaseSchemaName("access"));
        return services;
    }

    private static string Lower(Role role) => role.ToString().ToLowerInvariant();
}
