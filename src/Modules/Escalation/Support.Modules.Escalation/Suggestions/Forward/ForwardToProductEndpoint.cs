using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Suggestions.Forward;

internal sealed class ForwardToProductEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/product-suggestion", async Task<Results<Created<SuggestionView>, Ok<SuggestionView>>> (
                Guid id, ForwardToProduct? command, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                command ??= new ForwardToProduct();
                command.TicketId = id;
                command.Caller = user;
                command.ExpectedVersion = IfMatch.ExpectedVersion(context.Request);
                var result = await mediator.Send(command, cancellationToken);
                return result.Opened ? TypedResults.Created(result.Suggestion.Location, result.Suggestion) : TypedResults.Ok(result.Suggestion);
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("ForwardToProduct")
            .WithTags("Product")
            .WithSummary("Forward a feature request to the product team (agent)")
            .WithDescription("ES-5: opens a product suggestion from the ticket (201, with its URL in `Location`), or, with `suggestionId`, adds the ticket to an existing undecided suggestion (200; a merged one passes it on to the suggestion it was merged into). The ticket moves to `waiting_on_product` within moments. Only a feature request that is new or in progress can be forwarded; other categories are a 409 that says where they go (ES-4). An unknown `suggestionId` is a 422; a decided one is a 409. Send the ticket's version in `If-Match` to apply it only to the ticket as you read it (412 otherwise).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity);
}
