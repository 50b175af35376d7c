using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.ConfirmFix;

internal sealed class ConfirmFixEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/fix-confirmation", async Task<Ok<TicketEscalationView>> (
                Guid id, ConfirmFix command, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                command.TicketId = id;
                command.Caller = user;
                command.ExpectedVersion = IfMatch.ExpectedVersion(context.Request);
                return TypedResults.Ok(await mediator.Send(command, cancellationToken));
            })
            .RequireAuthorization(Policies.AgentOrPartner)
            .WithName("ConfirmFix")
            .WithTags("Escalation")
            .WithSummary("Record whether a deployed fix works for the customer (agent, partner)")
            .WithDescription("ES-3: `fixed: true` resolves the ticket as `solved` (with the `comment` as the resolution note); `fixed: false` sends it back to `waiting_on_development` and reopens the development issue with the `comment` (required then). The ticket follows within moments. A ticket with no deployed fix awaiting confirmation is a 409; partners act for their organisations' tickets only. Send the ticket's version in `If-Match` to apply it only to the ticket as you read it (412 otherwise).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);
}
