using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.RotateSecret;

internal sealed class RotateSecretEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/webhooks/{id:guid}/secret", async Task<Ok<WebhookWithSecret>> (
                Guid id, RotateSecret? command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send((command ?? new RotateSecret()) with { Id = id, Caller = user }, cancellationToken)))
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("RotateWebhookSecret")
            .WithTags("Webhooks")
            .WithSummary("Rotate a webhook's signing secret; the new one is in this answer only (admin, partner)")
            .WithDescription("Replaces the secret with the `secret` sent, or a random one (send `{}` or no body), answered this once. During the overlap (24 hours by default, until `previousSecretExpiresAt`) every delivery's `Support-Signature` carries two `v1` signatures, the new secret's first, then the previous one's, so a receiver can switch secrets without rejecting a delivery. Answers 200 with the webhook and the new secret. An invalid secret is a 400; an id that is not one of the caller's webhooks is a 404; a change made meanwhile by someone else is a 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
