using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Queues.UpdateQueue;

internal sealed class UpdateQueueEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPatch("/api/v1/queues/{id}", async Task<Results<Ok<QueueView>, ProblemHttpResult>> (
                string id, UpdateQueue command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(command with { Id = id }, cancellationToken);
                return result switch
                {
                    UpdateQueueResult.Updated updated => TypedResults.Ok(updated.Queue),
                    UpdateQueueResult.AddressTaken taken => QueueConflicts.AddressTaken(taken.Holder),
                    _ => Problems.NotFound("queue"),
                };
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdateQueue")
            .WithTags("Queues")
            .WithSummary("Rename a queue or change its intake address (admin)")
            .WithDescription("Changes the queue's display `name`, its `intakeAddress` (an empty string removes the address) and/or its `calendarId` (the business calendar its team works by, TR-8); only the fields sent change, and the queue's `id` never does. Answers 200 with the queue. Invalid fields, or none at all, are a 400; an unknown id is a 404; an intake address another queue has is a 409 that names that queue; an unknown calendar is a 422.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
}
