using System.ComponentModel;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Suggestions.ListSuggestions;

/// <summary>A page of product suggestions.</summary>
/// <param name="Items">The suggestions, highest score first (ties: oldest first).</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record SuggestionPage(IReadOnlyList<SuggestionView> Items, string? NextCursor);

internal sealed class ListSuggestionsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/product/suggestions", async Task<Results<Ok<SuggestionPage>, ProblemHttpResult>> (
                [Description("Only suggestions in this status: open, planned, declined, shipped or merged. Without it, every suggestion but the merged ones.")] string? status,
                int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = QueryEnum.Parse<SuggestionStatus>(status, "status") is { } wanted
                    ? session.Query<ProductSuggestion>().Where(x => x.Status == wanted)
                    : session.Query<ProductSuggestion>().Where(x => x.Status != SuggestionStatus.Merged);
                if (paging.After is { } after)
                {
                    query = query.Where(x => x.RankKey.CompareTo(after) > 0);
                }

                var suggestions = await query.OrderBy(x => x.RankKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = suggestions.Take(paging.Limit).ToList();
                var next = suggestions.Count > paging.Limit ? Paging.CursorFor(page[^1].RankKey) : null;
                return TypedResults.Ok(new SuggestionPage(page.Select(SuggestionView.For).ToList(), next));
            })
            .RequireAuthorization(Policies.ProductOrAgent)
            .WithName("ListSuggestions")
            .WithTags("Product")
            .WithSummary("Product suggestions, ranked (product, agent)")
            .WithDescription("ES-6: suggestions by descending `score`, each with the parts of its score (see the ranking formula in docs/product-ranking.md) and every requesting organisation and requester. Optionally only one `status`. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`; a suggestion whose score changes while you page moves to its new rank, so it can be seen twice or not at all in one walk through the pages.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
