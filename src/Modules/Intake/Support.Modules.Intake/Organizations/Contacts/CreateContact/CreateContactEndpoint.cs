using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.Contacts.CreateContact;

internal sealed class CreateContactEndpoint : ICarterModule
{
    // The contract gives this to administrators and partners, not agents: no shared policy says exactly that.
    private static readonly string[] Roles = [nameof(Role.Admin).ToLowerInvariant(), nameof(Role.Partner).ToLowerInvariant()];

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/organizations/{id:guid}/contacts", async Task<Results<Created<ContactView>, ProblemHttpResult>> (
                Guid id, CreateContact command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(command with { OrganizationId = id, Caller = user }, cancellationToken);
                return result switch
                {
                    CreateContactResult.Created created => TypedResults.Created(created.Contact.Location, created.Contact),
                    CreateContactResult.EmailTaken taken => EmailTaken(taken.Existing),
                    _ => Problems.NotFound("organization"),
                };
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles))
            .WithName("CreateContact")
            .WithTags("Organizations")
            .WithSummary("Add a requester to a customer organisation (admin, or a partner for its organisations)")
            .WithDescription("Adds a contact (requester) with its `name`, `email` and optional `language` (`fr` or `en`; omitted, the organisation's language applies). Answers 201 with the contact and its URL in `Location`. Invalid fields are a 400; an organisation that does not exist, or that a partner may not act for, is a 404; an email address the organisation already has (whatever its case) is a 409 whose `contactId` and `contact` name the existing contact.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    private static ProblemHttpResult EmailTaken(ContactView existing) => TypedResults.Problem(new ProblemDetails
    {
        Type = ProblemTypes.Conflict,
        Title = "The organisation already has this contact",
        Status = StatusCodes.Status409Conflict,
        Detail = $"Contact {existing.Id} ({existing.Name}) already has the email address {existing.Email} in this organisation.",
        Extensions =
        {
            ["contactId"] = existing.Id,
            ["contact"] = existing.Location,
        },
    });
}
