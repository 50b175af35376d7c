using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.Resolve;

internal sealed class ResolveEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTicketChange<Resolve>("resolution")
            .RequireAuthorization(Policies.Agent)
            .WithName("ResolveTicket")
            .WithSummary("Resolve a ticket: solved, declined, duplicate or withdrawn (agent)")
            .WithDescription("Moves the ticket to `resolved` with a `resolution` the customer sees (TR-5), never a bare \"resolved\": `solved`, `declined` (the team answered no), `duplicate` (with `duplicateOf`, the link is kept on both tickets' histories) or `withdrawn`. `note` is what the requester is told. A resolved or closed ticket is a 409 naming the allowed transitions; an unknown `duplicateOf` is a 422. Honours `If-Match` (412 when stale).");
}
