using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Shared.Http;

namespace Support.Modules.Escalation.Suggestions.Assess;

/// <summary>The product team's assessment of a suggestion (ES-6).</summary>
/// <param name="EffortDays">Estimated development time in days (0 or more).</param>
/// <param name="Workaround">A simple workaround customers can use meanwhile, or null when there is none.</param>
/// <param name="ScoreOverride">The product team's own score, replacing the computed one; null to use the formula.</param>
internal sealed record Assess(decimal? EffortDays, string? Workaround = null, decimal? ScoreOverride = null) : SuggestionChange;

internal sealed class AssessValidator : AbstractValidator<Assess>
{
    public AssessValidator()
    {
        RuleFor(x => x.EffortDays).NotNull().WithMessage("'effortDays' is required: the estimated development time in days.")
            .InclusiveBetween(0m, 10_000m);
        RuleFor(x => x.Workaround).MaximumLength(10_000);
        RuleFor(x => x.ScoreOverride).InclusiveBetween(0m, SuggestionRanking.MaxScore);
    }
}

internal sealed class AssessHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<Assess, SuggestionView>
{
    public async Task<SuggestionView> Handle(Assess command, CancellationToken cancellationToken)
    {
        var suggestion = await session.LoadAsync<ProductSuggestion>(command.SuggestionId, cancellationToken) ?? throw new NotFoundException("product suggestion");
        if (suggestion.Status == SuggestionStatus.Merged)
        {
            throw new ConflictException(
                "The suggestion was merged",
                $"{suggestion.Number} was merged into another suggestion: assess that one.",
                new Dictionary<string, object?> { ["mergedInto"] = suggestion.MergedInto });
        }

        suggestion.EffortDays = command.EffortDays;
        suggestion.Workaround = string.IsNullOrWhiteSpace(command.Workaround) ? null : command.Workaround.Trim();
        suggestion.ScoreOverride = command.ScoreOverride;
        suggestion.UpdatedAt = clock.GetUtcNow();
        suggestion.Rerank();
        session.Store(suggestion);
        await session.SaveChangesAsync(cancellationToken);
        return SuggestionView.For(suggestion);
    }
}
