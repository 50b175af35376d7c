using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.UpdateWebhook;

internal sealed class UpdateWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPatch("/api/v1/webhooks/{id:guid}", async Task<Ok<WebhookView>> (
                Guid id, UpdateWebhook command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(command with { Id = id, Caller = user }, cancellationToken)))
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("UpdateWebhook")
            .WithTags("Webhooks")
            .WithSummary("Change a webhook's URL or events, pause or resume it (admin, partner)")
            .WithDescription("Changes the webhook's `url`, `events` and/or `active`; only the fields sent change. A paused webhook (`active: false`) gets no new deliveries and its pending ones go dead (replay them after resuming). Answers 200 with the webhook. Invalid fields, or none at all, are a 400; an id that is not one of the caller's webhooks is a 404; a URL on a private, loopback or link-local address is a 422 naming `url`; a change made meanwhile by someone else is a 409.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
}
