using System.Security.Claims;
using Marten;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets;

/// <summary>How the read endpoints find a ticket and page through its append-only lists.</summary>
internal static class TicketReads
{
    /// <summary>The ticket, or null when it does not exist or the caller may not see it (NF-3: both are a 404).</summary>
    public static async Task<Ticket?> LoadVisibleAsync(IQuerySession session, Guid id, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var ticket = await session.LoadAsync<Ticket>(id, cancellationToken);
        return ticket is not null && caller.CanActFor(ticket.OrganizationId) ? ticket : null;
    }

    /// <summary>
    /// A page of a list that only ever grows at its end (messages, files), so "after this item" is a
    /// stable position. Null when the cursor names no item of the list.
    /// </summary>
    public static (List<T> Items, string? NextCursor)? PageAfter<T>(IReadOnlyList<T> items, Paging.Page paging, Func<T, Guid> idOf)
    {
        var start = 0;
        if (paging.After is { } after)
        {
            start = items.ToList().FindIndex(item => idOf(item).ToString("N") == after) + 1;
            if (start == 0)
            {
                return null;
            }
        }

        var page = items.Skip(start).Take(paging.Limit).ToList();
        var next = start + page.Count < items.Count ? Paging.CursorFor(idOf(page[^1]).ToString("N")) : null;
        return (page, next);
    }
}
