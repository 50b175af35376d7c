using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.CorrectCategory;

internal sealed class CorrectCategoryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTicketChange<CorrectCategory>("category")
            .RequireAuthorization(Policies.Agent)
            .WithName("CorrectTicketCategory")
            .WithSummary("Correct a ticket's category, with a reason (agent)")
            .WithDescription("Sets the right `category`; the `reason` is kept in the ticket's history (TR-2). The ticket takes its new place in the work queue (TR-1). Not allowed once resolved or closed (409); the same category is a 422. Honours `If-Match` (412 when stale).");
}
