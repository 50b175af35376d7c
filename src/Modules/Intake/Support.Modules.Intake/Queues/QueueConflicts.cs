using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Support.Modules.Shared.Http;

namespace Support.Modules.Intake.Queues;

/// <summary>The 409 answers of the queue slices, naming the queue in the way (<c>queueId</c>, <c>queue</c>).</summary>
internal static class QueueConflicts
{
    public static ProblemHttpResult IdTaken(QueueView existing) => Conflict(
        "A queue with this id already exists",
        $"This name gives the id '{existing.Id}', which queue '{existing.Name}' already has. Choose another name.",
        existing);

    public static ProblemHttpResult AddressTaken(QueueView holder) => Conflict(
        "Another queue has this intake address",
        $"Queue '{holder.Id}' ({holder.Name}) is already fed by {holder.IntakeAddress}: an address feeds one queue only.",
        holder);

    private static ProblemHttpResult Conflict(string title, string detail, QueueView queue) => TypedResults.Problem(new ProblemDetails
    {
        Type = ProblemTypes.Conflict,
        Title = title,
        Status = StatusCodes.Status409Conflict,
        Detail = detail,
        Extensions =
        {
            ["queueId"] = queue.Id,
            ["queue"] = queue.Location,
        },
    });
}
