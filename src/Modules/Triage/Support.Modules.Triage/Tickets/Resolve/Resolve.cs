using FluentValidation;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Resolve;

/// <summary>Resolves a ticket with a resolution the customer sees (TR-5).</summary>
internal sealed record Resolve : TicketChange
{
    /// <summary>solved, declined, duplicate or withdrawn (no_reply is given by the time rules only).</summary>
    public TicketResolution? Resolution { get; init; }

    /// <summary>What support tells the requester about it.</summary>
    public string? Note { get; init; }

    /// <summary>Required for a duplicate: the ticket it duplicates.</summary>
    public Guid? DuplicateOf { get; init; }
}

internal sealed class ResolveValidator : AbstractValidator<Resolve>
{
    public ResolveValidator()
    {
        RuleFor(x => x.Resolution).NotNull().WithMessage("'resolution' is required: solved, declined, duplicate or withdrawn.")
            .NotEqual(TicketResolution.NoReply).WithMessage("'no_reply' is given only by the automatic resolution of tickets left waiting on the customer.");
        RuleFor(x => x.Note).MaximumLength(100_000);
        RuleFor(x => x.DuplicateOf).NotEmpty().When(x => x.Resolution == TicketResolution.Duplicate)
            .WithMessage("'duplicateOf' is required for a duplicate: the id of the ticket it duplicates.");
        RuleFor(x => x.DuplicateOf).Null().When(x => x.Resolution != TicketResolution.Duplicate)
            .WithMessage("'duplicateOf' is only for the duplicate resolution.");
    }
}

internal sealed class ResolveHandler(IDocumentSession session, TimeProvider clock, IOptions<TicketOptions> options) : IRequestHandler<Resolve, TicketView>
{
    public async Task<TicketView> Handle(Resolve command, CancellationToken cancellationToken)
    {
        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        TicketLifecycle.Ensure(ticket.Status, TicketStatus.Resolved, "resolve the ticket");

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var resolution = command.Resolution!.Value;
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (command.DuplicateOf is { } originalId)
        {
            // Written through the original's own stream, so a concurrent change to it fails this
            // request (409) instead of overwriting the original's snapshot.
            var originalStream = originalId == ticket.Id ? null : await session.Events.FetchForWriting<Ticket>(originalId, cancellationToken);
            if (originalStream?.Aggregate is not { } original || !command.Caller.CanActFor(original.OrganizationId))
            {
                throw new UnprocessableException("duplicateOf", "No other ticket with this id exists, or you may not see it.");
            }

            if (original.OrganizationId != ticket.OrganizationId)
            {
                // Each organisation sees the link on its own ticket: it must not learn another's tickets.
                throw new UnprocessableException("duplicateOf", "A ticket can only duplicate a ticket of the same organisation.");
            }

            // The link is kept on both histories: the original learns about its duplicate.
            originalStream.AppendOne(new DuplicateLinked(ticket.Id, ticket.Number, by, now));
        }

        stream.AppendOne(new Resolved(resolution, note, command.DuplicateOf, by, now));
        session.Publish(new TicketResolved(ticket.Id, ticket.Number, ticket.OrganizationId, resolution, note, command.DuplicateOf, now + options.Value.ReopenWindow), now);
        session.StatusChanged(ticket, ticket.Status, TicketStatus.Resolved, resolution, by, now);
        return await TicketViews.ViewAsync(session, await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken), command.Caller, clock, cancellationToken);
    }
}
