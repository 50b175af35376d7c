using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Queues.CreateQueue;

internal sealed class CreateQueueEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/queues", async Task<Results<Created<QueueView>, ProblemHttpResult>> (
                CreateQueue command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(command, cancellationToken);
                return result switch
                {
                    CreateQueueResult.Created created => TypedResults.Created(created.Queue.Location, created.Queue),
                    CreateQueueResult.IdTaken taken => QueueConflicts.IdTaken(taken.Existing),
                    CreateQueueResult.AddressTaken taken => QueueConflicts.AddressTaken(taken.Holder),
                    _ => throw new InvalidOperationException($"Unexpected result {result}."),
                };
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("CreateQueue")
            .WithTags("Queues")
            .WithSummary("Create a queue (admin)")
            .WithDescription("Creates a queue with its display `name` and optional `intakeAddress` (the email address that feeds it). Its `id` is made from the name once, e.g. \"Technical support\" → `technical-support`, and never changes. Answers 201 with the queue and its URL in `Location`. Invalid fields are a 400; a name that gives the id of an existing queue, or an intake address another queue has, is a 409 that names that queue.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
}
