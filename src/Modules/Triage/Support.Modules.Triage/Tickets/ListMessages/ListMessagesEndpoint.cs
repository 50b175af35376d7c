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

                if (await TicketReads.LoadVisibleAsync(session, id, user, cancellationToken) is not { } ticket)
                {
                    return Problems.NotFound("ticket");
                }

                if (TicketReads.PageAfter(Visible(ticket, user).ToList(), paging, m => m.Id) is not var (page, next))
                {
                    return Paging.Invalid(); // not a message of this list: a cursor from elsewhere
                }

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
                var message = await TicketReads.LoadVisibleAsync(session, id, user, cancellationToken) is { } ticket
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

    private static IEnumerable<TicketMessage> Visible(Ticket ticket, ClaimsPrincipal user) =>
        user.IsPartner() ? ticket.Messages.Where(m => m.Visibility == MessageVisibility.Public) : ticket.Messages;
}
