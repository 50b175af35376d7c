using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.TakeInCharge;

internal sealed class TakeInChargeEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTicketChange<TakeInCharge>("assignment")
            .RequireAuthorization(Policies.Agent)
            .WithName("TakeTicketInCharge")
            .WithSummary("Take a ticket in charge, or assign it to another agent (agent)")
            .WithDescription("Assigns the ticket to the caller, or to `agentId`. A `new` ticket moves to `in_progress`, and the first assignment tells the requester that a technician has taken it (NO-2). A resolved or closed ticket cannot be assigned (409). Honours `If-Match` (412 when stale).");
}
