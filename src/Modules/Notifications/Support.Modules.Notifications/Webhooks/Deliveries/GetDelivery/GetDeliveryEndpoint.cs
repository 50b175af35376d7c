using System.ComponentModel;
using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.Deliveries.GetDelivery;

internal sealed class GetDeliveryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}", async Task<Results<Ok<WebhookDeliveryView>, ProblemHttpResult>> (
                Guid id, [Description("The delivery's id: its Support-Delivery header.")] Guid deliveryId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
                await WebhookDeliveryLog.WebhookOfAsync(session, id, user, cancellationToken) is not null
                && await session.LoadAsync<WebhookDelivery>(deliveryId, cancellationToken) is { } delivery && delivery.WebhookId == id
                    ? TypedResults.Ok(WebhookDeliveryView.From(delivery))
                    : Problems.NotFound("webhook delivery"))
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("GetWebhookDelivery")
            .WithTags("Webhooks")
            .WithSummary("One delivery of a webhook, with its attempts (admin, partner)")
            .WithDescription("The delivery's status (`pending`, `delivered`, `dead`), its event, and every attempt: when, the HTTP status the receiver answered or the error. An unknown delivery, or a webhook that is not one of the caller's, is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
