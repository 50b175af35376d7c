using Carter;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Support.Host.Access.CreateApiKey;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Host.Access.GetApiKey;

internal sealed class GetApiKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/api-keys/{id:guid}", async Task<Results<Ok<ApiKeyView>, ProblemHttpResult>> (
                Guid id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<ApiKey>(id, cancellationToken) is { } key
                    ? TypedResults.Ok(ApiKeyView.From(key))
                    : Problems.NotFound("API key"))
            .RequireAuthorization(Policies.Admin)
            .WithName("GetApiKey")
            .WithTags("API keys")
            .WithSummary("Read an API key, without its secret (admin)")
            .WithDescription("Returns the key's name, role and organisations. The secret is never shown again after creation.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
