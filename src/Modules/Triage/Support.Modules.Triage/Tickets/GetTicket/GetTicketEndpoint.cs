using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.GetTicket;

internal sealed class GetTicketEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/tickets/{id:guid}", async Task<Results<Ok<TicketView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, HttpResponse response, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var ticket = await session.LoadAsync<Ticket>(id, cancellationToken);
                if (ticket is null || !user.CanActFor(ticket.OrganizationId))
                {
                    return Problems.NotFound("ticket");
                }

                var view = await TicketViews.ViewAsync(session, ticket, user, clock, cancellationToken);
                response.Headers.ETag = view.ETag;
                return TypedResults.Ok(view);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetTicket")
            .WithTags("Tickets")
            .WithSummary("Read a ticket (staff, or a partner of its organisation)")
            .WithDescription("Returns the ticket with its `status`, `resolution` and `version`; the `ETag` header carries the version for `If-Match`. Closed tickets stay readable forever (TR-6). A partner sees only the tickets of its organisations, any other id is a 404 as for a ticket that does not exist, and only their public part: staff-only fields are null (TR-3).")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
