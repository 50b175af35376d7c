using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Queues.GetQueue;

internal sealed class GetQueueEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/queues/{id}", async Task<Results<Ok<QueueView>, ProblemHttpResult>> (
                string id, IQuerySession session, CancellationToken cancellationToken) =>
            {
                var queue = await session.LoadAsync<Queue>(id, cancellationToken);
                return queue is null ? Problems.NotFound("queue") : TypedResults.Ok(QueueView.From(queue));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GetQueueById")
            .WithTags("Queues")
            .WithSummary("Read a queue (staff)")
            .WithDescription("Returns the queue with its display `name` and `intakeAddress`. An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
