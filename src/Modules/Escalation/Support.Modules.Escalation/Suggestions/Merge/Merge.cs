using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Shared.Http;

namespace Support.Modules.Escalation.Suggestions.Merge;

/// <summary>Merges this suggestion into another one asking for the same feature (ES-5).</summary>
/// <param name="Into">The suggestion that keeps every request.</param>
internal sealed record Merge(Guid? Into) : SuggestionChange;

internal sealed class MergeValidator : AbstractValidator<Merge>
{
    public MergeValidator()
    {
        RuleFor(x => x.Into).NotEmpty().WithMessage("'into' is required: the id of the suggestion to merge this one into.");
        RuleFor(x => x.Into).NotEqual(x => x.SuggestionId).WithMessage("A suggestion cannot be merged into itself.");
    }
}

/// <summary>
/// ES-5: the target keeps every requesting organisation and requester of both, and is ranked again;
/// the merged one points at it. The tickets keep waiting on product: the target's decision reaches them.
/// </summary>
internal sealed class MergeHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<Merge, SuggestionView>
{
    public async Task<SuggestionView> Handle(Merge command, CancellationToken cancellationToken)
    {
        var source = await session.LoadAsync<ProductSuggestion>(command.SuggestionId, cancellationToken) ?? throw new NotFoundException("product suggestion");
        var target = await session.LoadAsync<ProductSuggestion>(command.Into!.Value, cancellationToken)
            ?? throw new UnprocessableException("into", "No product suggestion has this id.");
        foreach (var suggestion in new[] { source, target })
        {
            if (!suggestion.IsUndecided)
            {
                throw new ConflictException(
                    "Only suggestions waiting for a decision merge",
                    $"{suggestion.Number} is {QueryEnum.NameOf(suggestion.Status)}: both suggestions must still be open to merge.",
                    new Dictionary<string, object?> { ["suggestionId"] = suggestion.Id, ["suggestionStatus"] = QueryEnum.NameOf(suggestion.Status) });
            }
        }

        var now = clock.GetUtcNow();
        var known = target.Requests.Select(r => r.TicketId).ToHashSet();
        target.Requests.AddRange(source.Requests.Where(r => !known.Contains(r.TicketId)));
        target.MergedFrom.Add(source.Id);
        target.UpdatedAt = now;
        target.Rerank();

        source.Status = SuggestionStatus.Merged;
        source.MergedInto = target.Id;
        source.UpdatedAt = now;

        session.Store(source, target);

        // The merged requests' tickets now belong to the target.
        foreach (var escalation in await session.LoadManyAsync<TicketEscalation>(cancellationToken, source.Requests.Select(r => r.TicketId)))
        {
            escalation.SuggestionId = target.Id;
            session.Store(escalation);
        }

        await session.SaveChangesAsync(cancellationToken);
        return SuggestionView.For(target);
    }
}
