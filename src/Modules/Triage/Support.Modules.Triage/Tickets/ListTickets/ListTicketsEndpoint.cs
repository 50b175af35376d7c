using System.ComponentModel;
using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.ListTickets;

/// <summary>A page of tickets.</summary>
/// <param name="Items">The tickets, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record TicketPage(IReadOnlyList<TicketView> Items, string? NextCursor);

internal sealed class ListTicketsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/tickets", async Task<Results<Ok<TicketPage>, ProblemHttpResult>> (
                [Description("Only tickets in this status: new, in_progress, waiting_on_customer, waiting_on_development, waiting_on_product, resolved or closed.")] string? status,
                [Description("Only tickets of this category: bug, usage, chat, other or feature.")] string? category,
                [Description("Only tickets of this organisation.")] Guid? organizationId,
                [Description("Only tickets of this queue (its id).")] string? queue,
                int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<Ticket>().AsQueryable();
                if (user.IsPartner())
                {
                    // NF-3: a partner lists its own organisations' tickets, whatever filter it sends.
                    var own = user.OrganizationIds();
                    query = query.Where(x => x.OrganizationId.IsOneOf(own));
                }

                if (QueryEnum.Parse<TicketStatus>(status, "status") is { } wantedStatus)
                {
                    query = query.Where(x => x.Status == wantedStatus);
                }

                if (QueryEnum.Parse<TicketCategory>(category, "category") is { } wantedCategory)
                {
                    query = query.Where(x => x.Category == wantedCategory);
                }

                if (organizationId is { } organization)
                {
                    query = query.Where(x => x.OrganizationId == organization);
                }

                if (queue is not null)
                {
                    query = query.Where(x => x.Queue == queue);
                }

                if (paging.After is { } after)
                {
                    query = query.Where(x => x.ArrivalKey.CompareTo(after) < 0);
                }

                var rows = await query.OrderByDescending(x => x.ArrivalKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].ArrivalKey) : null;
                return TypedResults.Ok(new TicketPage(await TicketViews.ViewsAsync(session, page, user, clock, cancellationToken), next));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListTickets")
            .WithTags("Tickets")
            .WithSummary("List tickets, newest first (staff; partners: their organisations' tickets only)")
            .WithDescription("Filters `status`, `category`, `organizationId` and `queue` combine. A partner only ever gets the tickets of its own organisations, with their public part (CT-1). Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`; stable under concurrent inserts. A bad `limit` or `cursor` is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
