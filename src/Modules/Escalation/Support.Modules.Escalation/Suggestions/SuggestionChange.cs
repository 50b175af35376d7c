using System.Security.Claims;
using System.Text.Json.Serialization;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Suggestions;

/// <summary>A change the product team makes to one suggestion, posted to <c>/api/v1/product/suggestions/{id}/{action}</c>.</summary>
internal abstract record SuggestionChange : IRequest<SuggestionView>
{
    [JsonIgnore]
    public Guid SuggestionId { get; set; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; set; } = new();
}

internal static class SuggestionChangeRoutes
{
    /// <summary>Maps <c>POST /api/v1/product/suggestions/{id}/{action}</c> for the product team: answers 200 with the suggestion as it now is.</summary>
    public static RouteHandlerBuilder MapSuggestionChange<TChange>(this IEndpointRouteBuilder app, string action)
        where TChange : SuggestionChange =>
        app.MapPost($"/api/v1/product/suggestions/{{id:guid}}/{action}", async Task<Ok<SuggestionView>> (
                Guid id, TChange change, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                change.SuggestionId = id;
                change.Caller = user;
                return TypedResults.Ok(await mediator.Send(change, cancellationToken));
            })
            .RequireAuthorization(Policies.Product)
            .WithTags("Product")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
}
