using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Suggestions.Decide;

/// <summary>The product team's decision on a suggestion (ES-7).</summary>
/// <param name="Decision">planned, declined or shipped.</param>
/// <param name="Message">What every requester is told.</param>
internal sealed record Decide(ProductDecision? Decision, string? Message) : SuggestionChange;

internal sealed class DecideValidator : AbstractValidator<Decide>
{
    public DecideValidator()
    {
        RuleFor(x => x.Decision).NotNull().WithMessage("'decision' is required: planned, declined or shipped.");
        RuleFor(x => x.Message).NotEmpty().WithMessage("'message' is required: every requester is told the decision with it.").MaximumLength(100_000);
    }
}

/// <summary>
/// ES-7: the decision reaches every ticket asking for the feature, merged ones included: one event
/// per ticket, which Triage records (declined and shipped resolve the ticket with the message) and
/// notifications turn into the requester's email, with the workaround if there is one.
/// </summary>
internal sealed class DecideHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<Decide, SuggestionView>
{
    public async Task<SuggestionView> Handle(Decide command, CancellationToken cancellationToken)
    {
        var suggestion = await session.LoadAsync<ProductSuggestion>(command.SuggestionId, cancellationToken) ?? throw new NotFoundException("product suggestion");
        var decision = command.Decision!.Value;
        var allowed = suggestion.Status switch
        {
            SuggestionStatus.Open => true,
            SuggestionStatus.Planned => decision != ProductDecision.Planned, // a planned feature ships, or is dropped after all
            _ => false,
        };
        if (!allowed)
        {
            throw new ConflictException(
                "This decision is not allowed now",
                suggestion.Status == SuggestionStatus.Merged
                    ? $"{suggestion.Number} was merged into another suggestion: decide on that one."
                    : $"{suggestion.Number} is {QueryEnum.NameOf(suggestion.Status)}: an open suggestion can be planned, declined or shipped, a planned one declined or shipped.",
                new Dictionary<string, object?> { ["suggestionStatus"] = QueryEnum.NameOf(suggestion.Status), ["mergedInto"] = suggestion.MergedInto });
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var message = command.Message!.Trim();
        suggestion.Status = decision switch
        {
            ProductDecision.Planned => SuggestionStatus.Planned,
            ProductDecision.Declined => SuggestionStatus.Declined,
            _ => SuggestionStatus.Shipped,
        };
        suggestion.Decision = new SuggestionDecision { Decision = decision, Message = message, By = by, At = now };
        suggestion.UpdatedAt = now;
        session.Store(suggestion);

        var escalations = await session.LoadManyAsync<TicketEscalation>(cancellationToken, suggestion.Requests.Select(r => r.TicketId));
        foreach (var escalation in escalations)
        {
            escalation.Publish(session, step => new TicketProductDecision(
                escalation.Id, escalation.Number, escalation.OrganizationId, suggestion.Id, suggestion.Number, decision, message, suggestion.Workaround, by, step), now);
        }

        await session.SaveChangesAsync(cancellationToken);
        return SuggestionView.For(suggestion);
    }
}
