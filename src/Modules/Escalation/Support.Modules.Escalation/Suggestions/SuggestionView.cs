using System.Text.Json.Serialization;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Escalation.Suggestions;

/// <summary>A ticket asking for the feature.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="TicketNumber">Its number.</param>
/// <param name="OrganizationId">The organisation asking.</param>
/// <param name="OrganizationName">Its name.</param>
/// <param name="Contract">Its support contract when it asked.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Subject">The ticket's subject.</param>
/// <param name="At">When the request joined the suggestion.</param>
internal sealed record SuggestionRequestView(
    Guid TicketId, string TicketNumber, Guid OrganizationId, string OrganizationName, SupportContract Contract, RequesterContact Requester,
    string Subject, DateTimeOffset At);

/// <summary>The product team's decision.</summary>
/// <param name="Decision">planned, declined or shipped.</param>
/// <param name="Message">The message sent to every requester.</param>
/// <param name="By">Who decided (an API key id).</param>
/// <param name="At">When.</param>
internal sealed record SuggestionDecisionView(ProductDecision Decision, string Message, string By, DateTimeOffset At);

/// <summary>A product suggestion (ES-5..ES-7), with its rank and the parts of its score.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Number">Its number, e.g. <c>SUG-3</c>.</param>
/// <param name="Title">The feature asked for.</param>
/// <param name="Description">What the first request described.</param>
/// <param name="Status">open, planned, declined, shipped, or merged (into <c>mergedInto</c>).</param>
/// <param name="MergedInto">The suggestion this one was merged into.</param>
/// <param name="MergedFrom">Suggestions merged into this one.</param>
/// <param name="Score">The score it is ranked by: the override if the product team set one, else the computed score.</param>
/// <param name="ScoreParts">Every part of the score, as the documented formula combines them.</param>
/// <param name="Workaround">The workaround, if the product team recorded one.</param>
/// <param name="Requests">Every ticket asking for it, from every organisation.</param>
/// <param name="Decision">The product team's decision, once made.</param>
/// <param name="CreatedAt">When it was opened.</param>
/// <param name="UpdatedAt">When it last changed.</param>
internal sealed record SuggestionView(
    Guid Id,
    string Number,
    string Title,
    string Description,
    SuggestionStatus Status,
    Guid? MergedInto,
    IReadOnlyList<Guid> MergedFrom,
    decimal Score,
    ScoreParts ScoreParts,
    string? Workaround,
    IReadOnlyList<SuggestionRequestView> Requests,
    SuggestionDecisionView? Decision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public string Location => $"/api/v1/product/suggestions/{Id}";

    public static SuggestionView For(ProductSuggestion s)
    {
        var parts = SuggestionRanking.For(s);
        return new(
            s.Id, s.Number, s.Title, s.Description, s.Status, s.MergedInto, s.MergedFrom, parts.Score, parts, s.Workaround,
            s.Requests.Select(r => new SuggestionRequestView(r.TicketId, r.TicketNumber, r.OrganizationId, r.OrganizationName, r.Contract, r.Requester, r.Subject, r.At)).ToList(),
            s.Decision is { } d ? new SuggestionDecisionView(d.Decision, d.Message, d.By, d.At) : null,
            s.CreatedAt, s.UpdatedAt);
    }
}
