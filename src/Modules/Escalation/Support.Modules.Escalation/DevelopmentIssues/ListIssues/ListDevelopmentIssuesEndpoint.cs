using System.ComponentModel;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.ListIssues;

/// <summary>A page of development issues.</summary>
/// <param name="Items">The issues, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record DevelopmentIssuePage(IReadOnlyList<DevelopmentIssueView> Items, string? NextCursor);

internal sealed class ListDevelopmentIssuesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/development/issues", async Task<Results<Ok<DevelopmentIssuePage>, ProblemHttpResult>> (
                [Description("Only issues in this status: open or fix_deployed.")] string? status,
                int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<DevelopmentIssue>().AsQueryable();
                if (QueryEnum.Parse<DevelopmentIssueStatus>(status, "status") is { } wanted)
                {
                    query = query.Where(x => x.Status == wanted);
                }

                if (paging.After is { } after)
                {
                    query = query.Where(x => x.ListKey.CompareTo(after) > 0);
                }

                var issues = await query.OrderBy(x => x.ListKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = issues.Take(paging.Limit).ToList();
                var next = issues.Count > paging.Limit ? Paging.CursorFor(page[^1].ListKey) : null;
                return TypedResults.Ok(new DevelopmentIssuePage(page.Select(DevelopmentIssueView.For).ToList(), next));
            })
            .RequireAuthorization(Policies.Development)
            .WithName("ListDevelopmentIssues")
            .WithTags("Escalation")
            .WithSummary("List development issues with their linked tickets (developer, agent)")
            .WithDescription("ES-2: the bugs support escalated, newest first, each with every ticket reporting it; optionally only those in one `status`. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
