using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.CreateOrganization;

internal sealed class CreateOrganizationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/organizations", async Task<Created<OrganizationView>> (
                CreateOrganization command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var organization = await mediator.Send(command, cancellationToken);
                return TypedResults.Created($"/api/v1/organizations/{organization.Id}", organization);
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateOrganization")
            .WithTags("Organizations")
            .WithSummary("Create a customer organisation (admin)")
            .WithDescription("Creates a customer organisation with its `name`, `language` (`fr` or `en`), support `contract` and optional `emailDomains` (mail from an unknown address at one of them, or under one, is attributed to it). Answers 201 with the organisation and its URL in `Location`. Invalid fields are a 400, and so is a public webmail domain such as `gmail.com`; a domain another organisation already has is a 409 whose `domain` and `organizationId` name it and its holder.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
}
