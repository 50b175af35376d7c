using System.ComponentModel;
using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.Deliveries.ReplayDelivery;

internal sealed class ReplayDeliveryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/webhooks/{id:guid}/deliveries/{deliveryId:guid}/replay", async Task<Accepted<WebhookDeliveryView>> (
                Guid id, [Description("The delivery's id: its Support-Delivery header.")] Guid deliveryId, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var delivery = await mediator.Send(new ReplayDelivery(id, deliveryId, user), cancellationToken);
                return TypedResults.Accepted(delivery.Location, delivery);
            })
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("ReplayWebhookDelivery")
            .WithTags("Webhooks")
            .WithSummary("Post a dead or delivered delivery again (admin, partner)")
            .WithDescription("Queues the delivery again with the same `Support-Delivery` id and body (freshly signed), with a new retry period; its attempts so far stay in the log. Answers 202 with the delivery, now `pending`, and its URL in `Location`. An unknown delivery, or a webhook that is not one of the caller's, is a 404; a delivery still pending, or a paused webhook, is a 409.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
