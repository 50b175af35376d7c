using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.DeleteWebhook;

internal sealed class DeleteWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/v1/webhooks/{id:guid}", async Task<NoContent> (
                Guid id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                await mediator.Send(new DeleteWebhook(id, user), cancellationToken);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("DeleteWebhook")
            .WithTags("Webhooks")
            .WithSummary("Remove a webhook (admin, partner)")
            .WithDescription("Removes the webhook and its delivery log: nothing more is posted to it, pending deliveries included. Answers 204. An id that is not one of the caller's webhooks is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
