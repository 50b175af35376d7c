using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.Escalate;

internal sealed class EscalateEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/escalation", async Task<Results<Created<DevelopmentIssueView>, Ok<DevelopmentIssueView>>> (
                Guid id, Escalate? command, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                command ??= new Escalate();
                command.TicketId = id;
                command.Caller = user;
                command.ExpectedVersion = IfMatch.ExpectedVersion(context.Request);
                var result = await mediator.Send(command, cancellationToken);
                return result.Opened ? TypedResults.Created(result.Issue.Location, result.Issue) : TypedResults.Ok(result.Issue);
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("EscalateTicket")
            .WithTags("Escalation")
            .WithSummary("Escalate a reproduced bug to development (agent)")
            .WithDescription("ES-2: opens a development issue carrying the reproduction scenario and support's reproduction notes (201, with its URL in `Location`), or, with `developmentIssueId`, links the ticket to an issue development already works on (200): one issue holds every ticket reporting the bug, from any organisation. The ticket moves to `waiting_on_development` within moments. Only a bug report that is new or in progress and whose last reproduction succeeded can be escalated; usage, chat, other and feature tickets have no escalation path (ES-4): each refusal is a 409 that says why. An unknown `developmentIssueId` is a 422; one whose fix is already deployed is a 409. Send the ticket's version in `If-Match` to apply it only to the ticket as you read it (412 otherwise).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity);
}
