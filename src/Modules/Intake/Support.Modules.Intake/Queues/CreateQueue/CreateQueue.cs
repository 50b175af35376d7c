using FluentValidation;
using JasperFx;
using Marten;
using MediatR;

namespace Support.Modules.Intake.Queues.CreateQueue;

// A parameter with a default is optional in the OpenAPI schema; the others are listed as required.
/// <summary>A new queue.</summary>
/// <param name="Name">Its display name; its id is derived from it once, e.g. "Technical support" → <c>technical-support</c>.</param>
/// <param name="IntakeAddress">The email address whose messages become tickets in it, e.g. <c>support@example.com</c>; unique across queues.</param>
internal sealed record CreateQueue(string? Name, string? IntakeAddress = null) : IRequest<CreateQueueResult>;

/// <summary>What came of creating a queue: the endpoint turns each case into its answer.</summary>
internal abstract record CreateQueueResult
{
    public sealed record Created(QueueView Queue) : CreateQueueResult;

    /// <summary>A queue already has the id this name gives.</summary>
    public sealed record IdTaken(QueueView Existing) : CreateQueueResult;

    public sealed record AddressTaken(QueueView Holder) : CreateQueueResult;
}

internal sealed class CreateQueueValidator : AbstractValidator<CreateQueue>
{
    public CreateQueueValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Name)
            .Must(name => QueueSlugs.From(name!).Length > 0)
            .When(x => !string.IsNullOrWhiteSpace(x.Name))
            .WithMessage("'name' needs at least one letter or digit: the queue's id is made from them.");
        RuleFor(x => x.IntakeAddress)
            .Must(IntakeAddresses.IsValid)
            .When(x => x.IntakeAddress is not null)
            .WithMessage("'intakeAddress' must be an email address such as support@example.com.");
    }
}

internal sealed class CreateQueueHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CreateQueue, CreateQueueResult>
{
    public async Task<CreateQueueResult> Handle(CreateQueue command, CancellationToken cancellationToken)
    {
        var queue = new Queue
        {
            Id = QueueSlugs.From(command.Name!),
            Name = command.Name!.Trim(),
            IntakeAddress = command.IntakeAddress is { } address ? IntakeAddresses.Normalize(address) : null,
            CreatedAt = clock.GetUtcNow(),
        };

        if (await ConflictAsync(queue, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        session.Insert(queue);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException exception) when (exception.DocType == typeof(Queue)) // not the idempotency record: that one is a replay
        {
            // The primary key or the unique intake-address index refused it: another queue with the
            // same id or address was created after our check. Say which.
            session.Eject(queue);
            return await ConflictAsync(queue, cancellationToken)
                ?? throw new InvalidOperationException($"Queue {queue.Id} was refused as a duplicate, but no queue has its id or intake address.");
        }

        return new CreateQueueResult.Created(QueueView.From(queue));
    }

    private async Task<CreateQueueResult?> ConflictAsync(Queue queue, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Queue>(queue.Id, cancellationToken) is { } existing)
        {
            return new CreateQueueResult.IdTaken(QueueView.From(existing));
        }

        return queue.IntakeAddress is { } address && await QueueDirectory.ByIntakeAddressAsync(session, address, cancellationToken) is { } holder
            ? new CreateQueueResult.AddressTaken(QueueView.From(holder))
            : null;
    }
}
