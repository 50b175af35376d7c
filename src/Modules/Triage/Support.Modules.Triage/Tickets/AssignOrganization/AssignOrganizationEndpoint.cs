using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.AssignOrganization;

internal sealed class AssignOrganizationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapTicketChange<AssignOrganization>("organization")
            .RequireAuthorization(Policies.Agent)
            .WithName("AssignTicketOrganization")
            .WithSummary("Attach a ticket from an unknown email sender to its organisation (agent)")
            .WithDescription("A ticket opened by an email from an address no organisation knows is flagged `unknownSender` and filed under the reserved \"Unknown senders\" organisation, which no partner sees. This attaches it to `organizationId`: it takes the organisation's language, its contract decides `outsideContract` (IN-8), and the organisation's partners see it from now on. With `addRequesterAsContact: true` the requester also becomes a contact of the organisation (unless they are one), so their next emails are attributed to it. A ticket that already has its organisation is a 409; an organisation that does not exist is a 422. Honours `If-Match` (412 when stale).");
}
