using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.GetOrganization;

internal sealed class GetOrganizationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/organizations/{id:guid}", async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> (
                Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                var organization = await session.LoadAsync<Organization>(id, cancellationToken);
                return organization is null || !user.CanActFor(id)
                    ? Problems.NotFound("organization")
                    : TypedResults.Ok(OrganizationView.From(organization));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetOrganization")
            .WithTags("Organizations")
            .WithSummary("Read a customer organisation (staff, or a partner of it)")
            .WithDescription("Returns the organisation with its language, support contract and email domains. A partner sees only its own organisations: any other id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
