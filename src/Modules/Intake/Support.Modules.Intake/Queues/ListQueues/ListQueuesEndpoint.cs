using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Queues.ListQueues;

/// <summary>A page of queues.</summary>
/// <param name="Items">The queues, by id.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record QueuesPage(IReadOnlyList<QueueView> Items, string? NextCursor);

internal sealed class ListQueuesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/queues", async Task<Results<Ok<QueuesPage>, ProblemHttpResult>> (
                int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<Queue>().AsQueryable();
                if (paging.After is { } after)
                {
                    query = query.Where(q => q.Id.CompareTo(after) > 0);
                }

                var rows = await query.OrderBy(q => q.Id).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].Id) : null;
                return TypedResults.Ok(new QueuesPage(page.Select(QueueView.From).ToList(), next));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ListQueues")
            .WithTags("Queues")
            .WithSummary("List the queues (staff)")
            .WithDescription("Lists the queues tickets can be filed in, by id, with the email address that feeds each. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`. A bad `limit` or `cursor` is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
