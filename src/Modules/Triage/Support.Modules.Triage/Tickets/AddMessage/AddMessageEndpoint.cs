using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.AddMessage;

internal sealed class AddMessageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/messages", async Task<Created<MessageView>> (
                Guid id, AddMessage command, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var (message, ticket) = await mediator.Send(
                    command with { TicketId = id, Caller = user, ExpectedVersion = IfMatch.ExpectedVersion(context.Request) }, cancellationToken);
                context.Response.Headers.ETag = ticket.ETag;
                return TypedResults.Created($"/api/v1/tickets/{id}/messages/{message.Id}", message);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("AddTicketMessage")
            .WithTags("Tickets")
            .WithSummary("Reply publicly or add an internal note (staff; partners: public replies for the requester)")
            .WithDescription("Adds a message to the conversation (TR-7). `public` messages are shown to the requester and partners and emailed; `internal` notes are for staff only and never appear to partners. A partner writes on behalf of the requester; staff may record the requester's own answer with `author: requester`. The requester's message on a `waiting_on_customer` ticket puts it back `in_progress` (TR-4). A closed ticket takes no messages (409). Answers 201 with the message; `ETag` carries the ticket's new version.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed);
}
