using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.WaitOnCustomer;

internal sealed class WaitOnCustomerEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTicketChange<WaitOnCustomer>("waiting-on-customer")
            .RequireAuthorization(Policies.Agent)
            .WithName("WaitOnCustomer")
            .WithSummary("Ask the requester something and wait for the answer (agent)")
            .WithDescription("Posts `message` to the requester as a public message and moves the ticket to `waiting_on_customer` (TR-4). The requester's reply (a public message from the requester) puts it back `in_progress`. A status that does not allow waiting is a 409 naming the allowed transitions. Honours `If-Match` (412 when stale).");
}
