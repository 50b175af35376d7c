using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Npgsql;

namespace Support.Modules.Intake.Queues.UpdateQueue;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>Changes to a queue: only the fields sent change, and never its id.</summary>
/// <param name="Name">Its new display name.</param>
/// <param name="IntakeAddress">The email address that feeds it from now on; an empty string removes it.</param>
/// <param name="CalendarId">The business calendar its team works by from now on (an id of /api/v1/calendars).</param>
internal sealed record UpdateQueue(string? Name = null, string? IntakeAddress = null, string? CalendarId = null) : IRequest<UpdateQueueResult>
{
    /// <summary>Which queue; from the route, never from the body.</summary>
    [JsonIgnore]
    public string Id { get; init; } = "";
}

/// <summary>What came of changing a queue: the endpoint turns each case into its answer.</summary>
internal abstract record UpdateQueueResult
{
    public sealed record Updated(QueueView Queue) : UpdateQueueResult;

    public sealed record NotFound : UpdateQueueResult;

    public sealed record AddressTaken(QueueView Holder) : UpdateQueueResult;
}

internal sealed class UpdateQueueValidator : AbstractValidator<UpdateQueue>
{
    public UpdateQueueValidator()
    {
        RuleFor(x => x)
            .Must(x => x.Name is not null || x.IntakeAddress is not null || x.CalendarId is not null)
            .OverridePropertyName("body")
            .WithMessage("Send at least one of name, intakeAddress or calendarId.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100).When(x => x.Name is not null);
        RuleFor(x => x.IntakeAddress)
            .Must(IntakeAddresses.IsValid)
            .When(x => x.IntakeAddress is { Length: > 0 })
            .WithMessage("'intakeAddress' must be an email address such as support@example.com, or an empty string to remove it.");
    }
}

internal sealed class UpdateQueueHandler(IDocumentSession session) : IRequestHandler<UpdateQueue, UpdateQueueResult>
{
    public async Task<UpdateQueueResult> Handle(UpdateQueue command, CancellationToken cancellationToken)
    {
        var queue = await session.LoadAsync<Queue>(command.Id, cancellationToken);
        if (queue is null)
        {
            return new UpdateQueueResult.NotFound();
        }

        queue.Name = command.Name?.Trim() ?? queue.Name;
        if (command.CalendarId is { } calendarId)
        {
            queue.CalendarId = await session.LoadAsync<Calendars.Calendar>(calendarId, cancellationToken) is not null
                ? calendarId
                : throw new Shared.Http.UnprocessableException("calendarId", "No calendar has this id: see GET /api/v1/calendars.");
        }

        if (command.IntakeAddress is { } address)
        {
            queue.IntakeAddress = address.Length == 0 ? null : IntakeAddresses.Normalize(address);
        }

        if (await HolderAsync(queue, cancellationToken) is { } holder)
        {
            return new UpdateQueueResult.AddressTaken(QueueView.From(holder));
        }

        session.Store(queue);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (IsUniqueViolation(exception))
        {
            // The unique intake-address index refused it: another queue took the address after our check.
            session.Eject(queue);
            return await HolderAsync(queue, cancellationToken) is { } winner
                ? new UpdateQueueResult.AddressTaken(QueueView.From(winner))
                : throw new InvalidOperationException($"Queue {queue.Id} was refused a duplicate intake address, but no other queue has it.", exception);
        }

        return new UpdateQueueResult.Updated(QueueView.From(queue));
    }

    /// <summary>Another queue already fed by the address this one is to have.</summary>
    private async Task<Queue?> HolderAsync(Queue queue, CancellationToken cancellationToken) =>
        queue.IntakeAddress is { } address
        && await QueueDirectory.ByIntakeAddressAsync(session, address, cancellationToken) is { } holder
        && holder.Id != queue.Id
            ? holder
            : null;

    private static bool IsUniqueViolation(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }

        return false;
    }
}
