using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Host.Access.CreateApiKey;

internal sealed class CreateApiKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/api-keys", async Task<Created<CreatedApiKey>> (
                CreateApiKey command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var key = await mediator.Send(command with { Caller = user }, cancellationToken);
                return TypedResults.Created($"/api/v1/api-keys/{key.Id}", key);
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateApiKey")
            .WithTags("API keys")
            .WithSummary("Create an API key; its secret is in this answer only (admin)")
            .WithDescription("Creates a key with a `name`, a `role` and, for partners, the `organizationIds` it may act for. Answers 201 with the key's `id`, `role` and the secret `key`, shown this once: store it. Invalid fields are a 400; an unknown organisation is a 422.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);
}
