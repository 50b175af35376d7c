using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Escalation.Suggestions.Forward;

/// <summary>Forwards a feature request to the product team (ES-5): as a new suggestion, or as one more request for an existing one.</summary>
/// <param name="SuggestionId">Add the ticket to this existing suggestion instead of opening a new one.</param>
/// <param name="Title">For a new suggestion: its title (default: the ticket's subject).</param>
internal sealed record ForwardToProduct(Guid? SuggestionId = null, string? Title = null) : TicketStep<ForwardResult>;

/// <summary>The suggestion the ticket now belongs to, and whether forwarding opened it.</summary>
internal sealed record ForwardResult(SuggestionView Suggestion, bool Opened);

internal sealed class ForwardToProductValidator : AbstractValidator<ForwardToProduct>
{
    public ForwardToProductValidator()
    {
        RuleFor(x => x.Title).MaximumLength(500);
        RuleFor(x => x.Title).Null().When(x => x.SuggestionId is not null)
            .WithMessage("'title' is only for a new suggestion: an existing one keeps its title.");
    }
}

internal sealed class ForwardToProductHandler(IDocumentSession session, IMediator mediator, TimeProvider clock) : IRequestHandler<ForwardToProduct, ForwardResult>
{
    public async Task<ForwardResult> Handle(ForwardToProduct command, CancellationToken cancellationToken)
    {
        var ticket = await EscalationRules.FindTicketAsync(mediator, command, cancellationToken);
        EscalationRules.EnsureFeature(ticket);
        var escalation = await EscalationRules.EscalationOfAsync(session, ticket, cancellationToken);
        if (escalation.SuggestionId is { } current && await CurrentAsync(current, cancellationToken) is { IsUndecided: true } pending)
        {
            throw new ConflictException(
                "Already with the product team",
                $"{ticket.Number} is already part of {pending.Number}, which waits for the product team's decision.",
                new Dictionary<string, object?> { ["suggestionId"] = pending.Id, ["suggestionNumber"] = pending.Number });
        }

        EscalationRules.EnsureStatus(ticket, "forward to the product team", TicketStatus.New, TicketStatus.InProgress);
        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var opened = command.SuggestionId is null;
        var suggestion = opened ? await OpenAsync(command, ticket, now, cancellationToken) : await ExistingAsync(command.SuggestionId!.Value, cancellationToken);
        var contracts = await mediator.Send(new FindOrganizationContracts([ticket.OrganizationId]), cancellationToken);
        suggestion.Requests.RemoveAll(r => r.TicketId == ticket.TicketId);
        suggestion.Requests.Add(new SuggestionRequest
        {
            TicketId = ticket.TicketId, TicketNumber = ticket.Number, OrganizationId = ticket.OrganizationId, OrganizationName = ticket.OrganizationName,
            Contract = contracts.GetValueOrDefault(ticket.OrganizationId), Requester = ticket.Requester, Subject = ticket.Subject, At = now,
        });
        suggestion.UpdatedAt = now;
        suggestion.Rerank();
        session.Store(suggestion);

        escalation.SuggestionId = suggestion.Id;
        escalation.Publish(session, step => new TicketForwardedToProduct(
            ticket.TicketId, ticket.Number, ticket.OrganizationId, suggestion.Id, suggestion.Number, by, step), now);
        await session.SaveChangesAsync(cancellationToken);
        return new ForwardResult(SuggestionView.For(suggestion), opened);
    }

    /// <summary>The suggestion a request is in now: merged ones hand their requests to the suggestion they were merged into.</summary>
    private async Task<ProductSuggestion?> CurrentAsync(Guid suggestionId, CancellationToken cancellationToken)
    {
        var suggestion = await session.LoadAsync<ProductSuggestion>(suggestionId, cancellationToken);
        return suggestion is { Status: SuggestionStatus.Merged, MergedInto: { } into } ? await CurrentAsync(into, cancellationToken) : suggestion;
    }

    private async Task<ProductSuggestion> OpenAsync(ForwardToProduct command, TicketFacts ticket, DateTimeOffset now, CancellationToken cancellationToken) => new()
    {
        Id = Guid.CreateVersion7(now),
        Number = await ProductSuggestion.NextNumberAsync(session, cancellationToken),
        Title = string.IsNullOrWhiteSpace(command.Title) ? ticket.Subject : command.Title.Trim(),
        Description = ticket.Description,
        Status = SuggestionStatus.Open,
        CreatedAt = now,
    };

    private async Task<ProductSuggestion> ExistingAsync(Guid suggestionId, CancellationToken cancellationToken)
    {
        var suggestion = await session.LoadAsync<ProductSuggestion>(suggestionId, cancellationToken)
            ?? throw new UnprocessableException("suggestionId", "No product suggestion has this id.");
        if (suggestion is { Status: SuggestionStatus.Merged, MergedInto: { } into })
        {
            // Merged away: the request joins the suggestion that holds the others.
            return await ExistingAsync(into, cancellationToken);
        }

        return suggestion.IsUndecided
            ? suggestion
            : throw new ConflictException(
                "The product team already decided on this suggestion",
                $"{suggestion.Number} is {QueryEnum.NameOf(suggestion.Status)}: a request joins a suggestion still waiting for a decision. Answer the customer with that decision, or open a new suggestion.",
                new Dictionary<string, object?> { ["suggestionStatus"] = QueryEnum.NameOf(suggestion.Status) });
    }
}
