using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.Close;

internal sealed class CloseEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTicketChange<Close>("close")
            .RequireAuthorization(Policies.Agent)
            .WithName("CloseTicket")
            .WithSummary("Close a resolved ticket (agent)")
            .WithDescription("Closes a `resolved` ticket; it keeps its resolution and stays readable forever with its whole history (TR-6). No body is needed. A ticket that is not resolved yet is a 409: resolve it first, closing always records a resolution (TR-5). Honours `If-Match` (412 when stale).");
}
