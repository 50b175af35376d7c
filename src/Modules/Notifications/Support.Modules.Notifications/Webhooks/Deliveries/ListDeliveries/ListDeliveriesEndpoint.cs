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

namespace Support.Modules.Notifications.Webhooks.Deliveries.ListDeliveries;

/// <summary>A page of a webhook's delivery log.</summary>
/// <param name="Items">The deliveries, newest first, each with its attempts.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, string? NextCursor);

internal sealed class ListDeliveriesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/webhooks/{id:guid}/deliveries", async Task<Results<Ok<WebhookDeliveryPage>, ProblemHttpResult>> (
                Guid id, [Description("Only deliveries in this status: pending, delivered or dead.")] string? status,
                int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var wanted = QueryEnum.Parse<WebhookDeliveryStatus>(status, "status");
                if (await WebhookDeliveryLog.WebhookOfAsync(session, id, user, cancellationToken) is null)
                {
                    return Problems.NotFound("webhook");
                }

                var query = session.Query<WebhookDelivery>().Where(d => d.WebhookId == id);
                if (wanted is { } only)
                {
                    query = query.Where(d => d.Status == only);
                }

                if (paging.After is { } after)
                {
                    query = query.Where(d => d.ListKey.CompareTo(after) > 0);
                }

                var rows = await query.OrderBy(d => d.ListKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].ListKey) : null;
                return TypedResults.Ok(new WebhookDeliveryPage(page.Select(WebhookDeliveryView.From).ToList(), next));
            })
            .RequireAuthorization(Policies.AdminOrPartner)
            .WithName("ListWebhookDeliveries")
            .WithTags("Webhooks")
            .WithSummary("A webhook's delivery log (admin, partner)")
            .WithDescription("Every event queued for the webhook, newest first, optionally only those in one `status` (`pending`, `delivered`, `dead`), each with its attempts: when, the HTTP status the receiver answered or the error. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`. A bad `status`, `limit` or `cursor` is a 400; an id that is not one of the caller's webhooks is a 404.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
