using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.ListMessages;

/// <summary>A page of a ticket's conversation.</summary>
/// <param name="Items">The messages, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record MessagePage(IReadOnlyList<MessageView> Items, string? NextCursor);

internal sealed class ListMessagesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tickets/{id:guid}/messages", async Task<Results<Ok<MessagePage>, ProblemHttpResult>> (
                Guid id, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                if (await VisibleTicketAsync(session, id, user, cancellationToken) is not { } ticket)
                {
                    return Problems.NotFound("ticket");
                }

                // Messages are only ever appended, so "after this message" is a stable position.
                var visible = Visible(ticket, user).ToList();
                var start = paging.After is { } after ? visible.FindIndex(m => m.Id.ToString("N") == after) + 1 : 0;
                if (start == 0 && paging.After is not null)
                {
                    return Paging.Invalid(); // not a message of this list: a cursor from elsewhere
                }

                var page = visible.Skip(start).Take(paging.Limit).ToList();
                var next = start + page.Count < visible.Count ? Paging.CursorFor(page[^1].Id.ToString("N")) : null;
                return TypedResults.Ok(new MessagePage(page.Select(m => MessageView.For(m, user)).ToList(), next));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListTicketMessages")
            .WithTags("Tickets")
            .WithSummary("A ticket's conversation, oldest first (staff; partners: public messages only)")
            .WithDescription("Public replies and internal notes (TR-7). Partners never see internal notes. Paged with `limit` and `cursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/tickets/{id:guid}/messages/{messageId:guid}", async Task<Results<Ok<MessageView>, ProblemHttpResult>> (
                Guid id, Guid messageId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                var message = await VisibleTicketAsync(session, id, user, cancellationToken) is { } ticket
                    ? Visible(ticket, user).FirstOrDefault(m => m.Id == messageId)
                    : null;
                return message is null ? Problems.NotFound("message") : TypedResults.Ok(MessageView.For(message, user));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetTicketMessage")
            .WithTags("Tickets")
            .WithSummary("One message of a ticket's conversation (staff; partners: public messages only)")
            .WithDescription("An internal note is a 404 for a partner, as a message that does not exist.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Ticket?> VisibleTicketAsync(IQuerySession session, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var ticket = await session.LoadAsync<Ticket>(id, cancellationToken);
        return ticket is not null && user.CanActFor(ticket.OrganizationId) ? ticket : null;
    }

    private static IEnumerable<TicketMessage> Visible(Ticket ticket, ClaimsPrincipal user) =>
        user.IsPartner() ? ticket.Messages.Where(m => m.Visibility == MessageVisibility.Public) : ticket.Messages;
}
