using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.Contacts.ListContacts;

/// <summary>A page of an organisation's contacts.</summary>
/// <param name="Items">The contacts, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record ContactsPage(IReadOnlyList<ContactView> Items, string? NextCursor);

internal sealed class ListContactsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/organizations/{id:guid}/contacts", async Task<Results<Ok<ContactsPage>, ProblemHttpResult>> (
                Guid id, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
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

                if (!user.CanActFor(id) || !await session.Query<Organization>().AnyAsync(o => o.Id == id, cancellationToken))
                {
                    return Problems.NotFound("organization");
                }

                var query = session.Query<Contact>().Where(c => c.OrganizationId == id);
                if (after is { } afterId)
                {
                    query = query.Where(c => c.Id.CompareTo(afterId) > 0);
                }

                // Ids are version 7 GUIDs: in creation order, so the keyset is stable under inserts.
                var rows = await query.OrderBy(c => c.Id).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].Id.ToString()) : null;
                return TypedResults.Ok(new ContactsPage(page.Select(ContactView.From).ToList(), next));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListContacts")
            .WithTags("Organizations")
            .WithSummary("List a customer organisation's requesters (staff, or a partner of it)")
            .WithDescription("Lists the organisation's contacts, oldest first. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`. A bad `limit` or `cursor` is a 400; an organisation that does not exist, or that a partner may not see, is a 404.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
