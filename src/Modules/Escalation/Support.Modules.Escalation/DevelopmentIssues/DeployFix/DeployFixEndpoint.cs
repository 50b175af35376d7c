using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.DeployFix;

internal sealed class DeployFixEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/development/issues/{id:guid}/fix-deployed", async Task<Ok<DevelopmentIssueView>> (
                Guid id, DeployFix command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                command.IssueId = id;
                command.Caller = user;
                return TypedResults.Ok(await mediator.Send(command, cancellationToken));
            })
            .RequireAuthorization(Policies.Developer)
            .WithName("DeployFix")
            .WithTags("Escalation")
            .WithSummary("Mark an issue's fix deployed in a release (developer)")
            .WithDescription("ES-3: records the `version` that carries the fix. Every linked ticket still waiting on development returns to its agent (`in_progress`, with `fixToConfirm` set to the version, shown in the work queue) within moments, and its requester is told; the agent then records the customer's answer with `POST /api/v1/tickets/{id}/fix-confirmation`. An issue whose fix is already deployed is a 409 (it reopens when a customer says the fix does not work).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
