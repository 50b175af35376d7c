using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.GetWebhook;

internal sealed class GetWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/webhooks/{id:guid}", async Task<Results<Ok<WebhookView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
                await session.LoadAsync<Webhook>(id, cancellationToken) is { } webhook && webhook.VisibleTo(user)
                    ? TypedResults.Ok(WebhookView.From(webhook, clock.GetUtcNow()))
                    : Problems.NotFound("webhook"))
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("GetWebhook")
            .WithTags("Webhooks")
            .WithSummary("Read a webhook (admin, partner)")
            .WithDescription("The webhook's `url`, `events`, whether it is `active`, the organisations it receives events for, and when its secret was set; never the secret. A partner reads the webhooks its own key registered; any other id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
