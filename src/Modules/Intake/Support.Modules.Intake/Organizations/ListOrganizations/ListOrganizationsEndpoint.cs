using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.ListOrganizations;

/// <summary>A page of customer organisations.</summary>
/// <param name="Items">The organisations, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record OrganizationsPage(IReadOnlyList<OrganizationView> Items, string? NextCursor);

internal sealed class ListOrganizationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/organizations", async Task<Results<Ok<OrganizationsPage>, ProblemHttpResult>> (
                int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                Guid? after = null;
                if (paging.After is { } position)
                {
                    if (!Guid.TryParse(position, out var last))
                    {
                        return Paging.Invalid();
                    }

                    after = last;
                }

                var query = session.Query<Organization>().AsQueryable();
                if (user.IsPartner())
                {
                    // NF-3: a partner's list is its key's organisations, not everybody's.
                    var own = user.PartnerOrganizationIds();
                    query = query.Where(o => o.Id.IsOneOf(own));
                }

                if (after is { } afterId)
                {
                    query = query.Where(o => o.Id.CompareTo(afterId) > 0);
                }

                // Ids are version 7 GUIDs: in creation order, so the keyset is stable under inserts.
                var rows = await query.OrderBy(o => o.Id).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].Id.ToString()) : null;
                return TypedResults.Ok(new OrganizationsPage(page.Select(OrganizationView.From).ToList(), next));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListOrganizations")
            .WithTags("Organizations")
            .WithSummary("List customer organisations (staff: all; a partner: its own)")
            .WithDescription("Lists the customer organisations, oldest first: every one for staff, only those its key is scoped to for a partner. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`. A bad `limit` or `cursor` is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
