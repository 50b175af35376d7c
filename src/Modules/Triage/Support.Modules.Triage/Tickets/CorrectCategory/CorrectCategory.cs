using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.CorrectCategory;

/// <summary>Corrects a ticket's category (TR-2); the reason is kept in its history.</summary>
internal sealed record CorrectCategory : TicketChange
{
    /// <summary>The right category: bug, usage, chat, other or feature.</summary>
    public TicketCategory? Category { get; init; }

    /// <summary>Why the category was wrong.</summary>
    public string? Reason { get; init; }
}

internal sealed class CorrectCategoryValidator : AbstractValidator<CorrectCategory>
{
    public CorrectCategoryValidator()
    {
        RuleFor(x => x.Category).NotNull().WithMessage("'category' is required: bug, usage, chat, other or feature.");
        RuleFor(x => x.Reason).NotEmpty().WithMessage("'reason' is required: say why the category was wrong; it stays in the history.")
            .MaximumLength(2000);
    }
}

internal sealed class CorrectCategoryHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<CorrectCategory, TicketView>
{
    public async Task<TicketView> Handle(CorrectCategory command, CancellationToken cancellationToken)
    {
        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        if (!TicketLifecycle.IsOpen(ticket.Status))
        {
            throw TicketLifecycle.NotAllowed(ticket.Status, "correct the category", "the ticket is no longer being worked on");
        }

        var category = command.Category!.Value;
        if (category == ticket.Category)
        {
            throw new UnprocessableException("category", $"The ticket is already in the {category.ToString().ToLowerInvariant()} category.");
        }

        var now = clock.GetUtcNow();
        var reason = command.Reason!.Trim();
        stream.AppendOne(new CategoryCorrected(ticket.Category, category, reason, command.Caller.KeyId(), now));
        session.Publish(new Contracts.TicketCategoryCorrected(ticket.Id, ticket.Number, ticket.OrganizationId, ticket.Category, category, reason), now);
        return await TicketViews.ViewAsync(session, await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken), command.Caller, clock, cancellationToken);
    }
}
