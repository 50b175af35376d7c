using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Suggestions.GetSuggestion;

internal sealed class GetSuggestionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/product/suggestions/{id:guid}", async Task<Results<Ok<SuggestionView>, ProblemHttpResult>> (
                Guid id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<ProductSuggestion>(id, cancellationToken) is { } suggestion
                    ? TypedResults.Ok(SuggestionView.For(suggestion))
                    : Problems.NotFound("product suggestion"))
            .RequireAuthorization(Policies.ProductOrAgent)
            .WithName("GetSuggestion")
            .WithTags("Product")
            .WithSummary("Read a product suggestion (product, agent)")
            .WithDescription("ES-5..ES-7: the suggestion with its requests, score and score parts, workaround and decision. An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
