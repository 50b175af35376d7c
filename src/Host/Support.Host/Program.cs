using Carter;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;
using Support.Host;
using Support.Host.Access;
using Support.Host.Errors;
using Support.Host.Idempotency;
using Support.Host.Infrastructure;
using Support.Host.RateLimiting;
using Support.Modules.Shared.Json;
using Support.Modules.Shared.Secrets;

var builder = WebApplication.CreateBuilder(args);
var connectionString = Database.ConnectionString(builder.Configuration);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options => SupportJson.Configure(options.SerializerOptions));
builder.Services.AddProblemResponses();
builder.Services.AddApiKeyAccess(builder.Configuration);
builder.Services.AddSupportStore(connectionString);
builder.Services.AddSupportDataProtection();
builder.Services.AddSupportScheduler(connectionString);
builder.Services.AddSupportHealth();
builder.Services.AddSupportOpenApi();
builder.Services.AddSupportModules(builder.Configuration);
builder.Services.AddIdempotencyKeys(builder.Configuration);
builder.Services.AddSupportRateLimits(builder.Configuration);
var maxRequestBodyBytes = builder.Configuration.GetValue<long?>("Support:Http:MaxRequestBodyBytes") ?? 1024 * 1024;
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit(maxRequestBodyBytes);
app.UseAuthentication();
app.UseSupportRateLimits();
app.UseAuthorization();
app.UseIdempotencyKeys();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().DisableRateLimiting();
app.MapScalarApiReference("/docs", options => options.WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous().DisableRateLimiting();
app.MapSupportHealth();
app.MapCarter();

app.Run();

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
