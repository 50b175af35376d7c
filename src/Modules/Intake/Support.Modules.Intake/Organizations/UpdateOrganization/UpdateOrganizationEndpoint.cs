using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.UpdateOrganization;

internal sealed class UpdateOrganizationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPatch("/api/v1/organizations/{id:guid}", async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> (
                Guid id, UpdateOrganization command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var organization = await mediator.Send(command with { Id = id }, cancellationToken);
                return organization is null ? Problems.NotFound("organization") : TypedResults.Ok(organization);
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateOrganization")
            .WithTags("Organizations")
            .WithSummary("Change a customer organisation (admin)")
            .WithDescription("Changes the organisation's `name`, `language`, support `contract` or `emailDomains`: only the fields sent change, and `emailDomains` replaces the whole list (`[]` removes them all). Answers 200 with the organisation. Invalid fields, or none at all, are a 400, and so is a public webmail domain such as `gmail.com`; an unknown id is a 404. A domain another organisation already has is a 409 whose `domain` and `organizationId` name it and its holder; so is a change made while another change of the organisation was being saved (read it again and retry).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
