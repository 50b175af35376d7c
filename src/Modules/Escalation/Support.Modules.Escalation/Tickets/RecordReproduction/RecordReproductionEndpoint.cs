using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Tickets.RecordReproduction;

internal sealed class RecordReproductionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/reproduction", async Task<Ok<TicketEscalationView>> (
                Guid id, RecordReproduction command, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                command.TicketId = id;
                command.Caller = user;
                command.ExpectedVersion = IfMatch.ExpectedVersion(context.Request);
                return TypedResults.Ok(await mediator.Send(command, cancellationToken));
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("RecordReproduction")
            .WithTags("Escalation")
            .WithSummary("Record whether support reproduced a reported bug (agent)")
            .WithDescription("ES-1: support tests every bug report before development sees it. Records `reproduced` (true or false) with `notes`; the ticket's history shows it (the notes to staff only). A reproduced bug can then be escalated (`POST /api/v1/tickets/{id}/escalation`); one that was not is followed up by asking the customer for more (`waiting-on-customer`) or by resolving it. Only bug reports that are new, in progress or waiting on the customer can be reproduced: anything else is a 409 that says why (ES-4). Send the ticket's version in `If-Match` to apply it only to the ticket as you read it (412 otherwise).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);
}
