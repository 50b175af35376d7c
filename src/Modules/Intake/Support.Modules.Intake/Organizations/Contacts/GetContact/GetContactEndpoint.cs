using System.ComponentModel;
using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations.Contacts.GetContact;

internal sealed class GetContactEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/organizations/{id:guid}/contacts/{contactId:guid}", async Task<Results<Ok<ContactView>, ProblemHttpResult>> (
                Guid id, [Description("The contact's id.")] Guid contactId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                var contact = user.CanActFor(id) ? await session.LoadAsync<Contact>(contactId, cancellationToken) : null;
                return contact is null || contact.OrganizationId != id
                    ? Problems.NotFound("contact")
                    : TypedResults.Ok(ContactView.From(contact));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("GetContact")
            .WithTags("Organizations")
            .WithSummary("Read a requester (staff, or a partner of its organisation)")
            .WithDescription("Returns the contact with its `name`, `email` and `language` (null when it is the organisation's). A contact of another organisation, or of one a partner may not see, is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
