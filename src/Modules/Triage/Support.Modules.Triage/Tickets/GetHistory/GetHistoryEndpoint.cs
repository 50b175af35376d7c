using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.GetHistory;

/// <summary>A page of a ticket's history.</summary>
/// <param name="Items">The changes, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record HistoryPage(IReadOnlyList<HistoryEntry> Items, string? NextCursor);

internal sealed class GetHistoryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/tickets/{id:guid}/history", async Task<Results<Ok<HistoryPage>, ProblemHttpResult>> (
                Guid id, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging || (paging.After is { } raw && !long.TryParse(raw, out _)))
                {
                    return Paging.Invalid();
                }

                var ticket = await session.LoadAsync<Ticket>(id, cancellationToken);
                if (ticket is null || !user.CanActFor(ticket.OrganizationId))
                {
                    return Problems.NotFound("ticket");
                }

                var after = paging.After is { } position ? long.Parse(position, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
                var staff = !user.IsPartner();
                var entries = events.Where(e => e.Version > after)
                    .Select(e => TicketHistory.Describe(e, staff))
                    .OfType<HistoryEntry>()
                    .Take(paging.Limit + 1)
                    .ToList();
                var page = entries.Take(paging.Limit).ToList();
                var next = entries.Count > paging.Limit
                    ? Paging.CursorFor(page[^1].Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    : null;
                return TypedResults.Ok(new HistoryPage(page, next));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetTicketHistory")
            .WithTags("Tickets")
            .WithSummary("Every change in a ticket's life: who, when, what (staff in full; partners the public part)")
            .WithDescription("Read from the ticket's event stream (TR-6, NF-4), oldest first, for open and closed tickets alike. Each entry has its `type`, `at`, `by` and `data`. Partners see the public part only: no internal notes, and `by` says `support` or `requester` instead of who. Paged with `limit` and `cursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
