using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.GetIssue;

internal sealed class GetDevelopmentIssueEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/development/issues/{id:guid}", async Task<Results<Ok<DevelopmentIssueView>, ProblemHttpResult>> (
                Guid id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<DevelopmentIssue>(id, cancellationToken) is { } issue
                    ? TypedResults.Ok(DevelopmentIssueView.For(issue))
                    : Problems.NotFound("development issue"))
            .RequireAuthorization(Policies.Development)
            .WithName("GetDevelopmentIssue")
            .WithTags("Escalation")
            .WithSummary("Read a development issue with its linked tickets (developer, agent)")
            .WithDescription("ES-2, ES-3: the issue's reproduction scenario, status, the release of its fix, every linked ticket with its state, and what happened to it. An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
