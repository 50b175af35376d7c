using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Support.Host.Infrastructure;

internal static class OpenApiRegistration
{
    /// <summary>The contract partners generate clients from: served at <c>/openapi/v1.json</c>, browsable at <c>/docs</c>.</summary>
    public static IServiceCollection AddSupportOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Support API",
                Version = "v1",
                Description = "Customer-support ticketing: intake, triage, escalation, notifications and surveys. " +
                    "Authenticate with 'Authorization: Bearer <api key>'. Errors are RFC 9457 problem documents.",
                License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
                Contact = new OpenApiContact { Name = "Support maintainers" },
            };
            document.Servers = [new OpenApiServer { Url = "/" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key created with POST /api/v1/api-keys.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
}
