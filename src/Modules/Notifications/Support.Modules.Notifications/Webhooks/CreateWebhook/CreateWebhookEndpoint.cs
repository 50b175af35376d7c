using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.CreateWebhook;

internal sealed class CreateWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/webhooks", async Task<Created<WebhookWithSecret>> (
                CreateWebhook command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var webhook = await mediator.Send(command with { Caller = user }, cancellationToken);
                return TypedResults.Created(webhook.Location, webhook);
            })
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("CreateWebhook")
            .WithTags("Webhooks")
            .WithSummary("Register a webhook; its secret is in this answer only (admin, partner)")
            .WithDescription("NO-6: ticket events are posted to `url` as they happen, signed with the webhook's secret (`Support-Signature`, see docs/webhooks.md). `events` lists the event types to receive, or `[\"*\"]` for all. A partner's webhook receives the events of its key's organisations only, with the public part of each; an administrator's receives every organisation's, whole. Send a `secret` or get a random one: it is answered this once. Answers 201 with the webhook and its URL in `Location`. Invalid fields (a URL that is not http or https, an unknown event type) are a 400; a URL on a private, loopback or link-local address is a 422 naming `url`.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);
}
