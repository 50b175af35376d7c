using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Tickets.SubmitTicket;

internal sealed class SubmitTicketEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets", async Task<Created<SubmittedTicketView>> (
                SubmitTicket command, ClaimsPrincipal user, HttpResponse response, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var ticket = await mediator.Send(command with { Caller = user }, cancellationToken);
                response.Headers.ETag = IfMatch.ETagFor(ticket.Version);
                return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", ticket);
            })
            .RequireAuthorization(Policies.AgentOrPartner)
            .WithName("SubmitTicket")
            .WithTags("Tickets")
            .WithSummary("Open a ticket (agent, or a partner for its organisations)")
            .WithDescription("Opens a ticket for a customer organisation and its requester. `reproductionScenario` is required for a `bug`. Answers 201 with the ticket (its `id`, `number` and `status`), its URL in `Location` and its version in `ETag`. A `phone` ticket is recorded by an agent, with `callNotes` (IN-5). A channel the organisation's contract does not cover is accepted and flagged `outsideContract` for the agent (IN-8). Invalid fields are a 400; a partner recording a phone call is a 403; an organisation that does not exist, or that a partner may not act for, is a 422.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status422UnprocessableEntity);
}
