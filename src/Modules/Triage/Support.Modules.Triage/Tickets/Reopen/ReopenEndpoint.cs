using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.Reopen;

internal sealed class ReopenEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/reopen", async Task<Results<Ok<TicketView>, Accepted<FollowUpView>>> (
                Guid id, Reopen command, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var outcome = await mediator.Send(
                    command with { TicketId = id, Caller = user, ExpectedVersion = IfMatch.ExpectedVersion(context.Request) }, cancellationToken);
                context.Response.Headers.ETag = outcome.Ticket.ETag;
                return outcome.FollowUpTicketId is { } followUp
                    ? TypedResults.Accepted($"/api/v1/tickets/{followUp}", new FollowUpView(followUp, outcome.Ticket))
                    : TypedResults.Ok(outcome.Ticket);
            })
            .RequireAuthorization(Policies.AgentOrPartner)
            .WithName("ReopenTicket")
            .WithTags("Tickets")
            .WithSummary("Reopen a resolved ticket, or open a follow-up when it is too late (agent, partner)")
            .WithDescription("Within the reopen window after its resolution (setting `Support:Tickets:ReopenWindow`, 14 days by default) a resolved ticket goes back `in_progress` (200 with the ticket). After the window, or for a closed ticket, the ticket stays as it is and a new ticket is opened, linked to it (`followUpOf` / `followUps`): 202 with the follow-up's id, its URL in `Location`. A ticket still being worked on cannot be reopened (409). Honours `If-Match` (412 when stale).")
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed);
}
