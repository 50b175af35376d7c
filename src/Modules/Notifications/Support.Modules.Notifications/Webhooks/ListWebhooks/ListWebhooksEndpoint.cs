using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Webhooks.ListWebhooks;

/// <summary>A page of webhooks.</summary>
/// <param name="Items">The webhooks, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record WebhookPage(IReadOnlyList<WebhookView> Items, string? NextCursor);

internal sealed class ListWebhooksEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/webhooks", async Task<Results<Ok<WebhookPage>, ProblemHttpResult>> (
                int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<Webhook>().AsQueryable();
                if (user.IsPartner())
                {
                    var owner = user.KeyId();
                    query = query.Where(w => w.OwnerKeyId == owner);
                }

                if (paging.After is { } after)
                {
                    query = query.Where(w => w.ListKey.CompareTo(after) > 0);
                }

                var rows = await query.OrderBy(w => w.ListKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].ListKey) : null;
                var now = clock.GetUtcNow();
                return TypedResults.Ok(new WebhookPage(page.Select(w => WebhookView.From(w, now)).ToList(), next));
            })
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("ListWebhooks")
            .WithTags("Webhooks")
            .WithSummary("List webhooks (admin: all; partner: its own)")
            .WithDescription("The webhooks, newest first: an administrator sees every one, a partner those its own key registered. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`. A bad `limit` or `cursor` is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
