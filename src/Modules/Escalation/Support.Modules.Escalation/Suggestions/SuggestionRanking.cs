using Support.Modules.Intake.Contracts;

namespace Support.Modules.Escalation.Suggestions;

/// <summary>
/// The parts of a suggestion's score (ES-6), as the API shows them.
/// <c>interest = 10 × organizations + 2 × requesters + 3 × contractBonus</c>;
/// <c>computed = interest × effortFactor × workaroundFactor</c>, rounded to two decimals;
/// <c>score</c> is the product team's override when it set one, else the computed score.
/// </summary>
/// <param name="Organizations">Distinct organisations asking for it.</param>
/// <param name="Requesters">Distinct requesters (by email) asking for it.</param>
/// <param name="ContractBonus">Sum over those organisations of their contract's level: standard 0, phone 1, onsite 2, extended 3.</param>
/// <param name="Interest">The overall interest, from the three above.</param>
/// <param name="EffortDays">The product team's estimate of the development time; null until assessed.</param>
/// <param name="EffortFactor"><c>1 / (1 + effortDays / 5)</c>: a five-day feature counts half as much as a free one; 1 until assessed.</param>
/// <param name="Workaround">Whether a simple workaround exists.</param>
/// <param name="WorkaroundFactor">0.5 when a workaround exists, else 1.</param>
/// <param name="Computed">The score the formula gives.</param>
/// <param name="Override">The product team's override, if any.</param>
/// <param name="Score">The score the ranking uses.</param>
internal sealed record ScoreParts(
    int Organizations,
    int Requesters,
    int ContractBonus,
    decimal Interest,
    decimal? EffortDays,
    decimal EffortFactor,
    bool Workaround,
    decimal WorkaroundFactor,
    decimal Computed,
    decimal? Override,
    decimal Score);

/// <summary>
/// The documented ranking formula of ES-6 (docs/product-ranking.md): overall interest (distinct
/// organisations, requesters, contract levels) against estimated development time, lower when a
/// simple workaround exists; the product team can override it.
/// </summary>
internal static class SuggestionRanking
{
    public const decimal OrganizationWeight = 10m;
    public const decimal RequesterWeight = 2m;
    public const decimal ContractWeight = 3m;
    public const decimal EffortHalvingDays = 5m;
    public const decimal WorkaroundFactor = 0.5m;

    /// <summary>The highest score a suggestion can have (and an override can set).</summary>
    public const decimal MaxScore = 1_000_000m;

    public static ScoreParts For(ProductSuggestion suggestion)
    {
        var organizations = suggestion.Requests
            .GroupBy(r => r.OrganizationId)
            .Select(g => g.Max(r => ContractLevel(r.Contract)))
            .ToList();
        var requesters = suggestion.Requests.Select(r => r.Requester.Email.Trim().ToLowerInvariant()).Distinct().Count();
        var contractBonus = organizations.Sum();
        var interest = (OrganizationWeight * organizations.Count) + (RequesterWeight * requesters) + (ContractWeight * contractBonus);
        var effortFactor = suggestion.EffortDays is { } days ? 1m / (1m + (days / EffortHalvingDays)) : 1m;
        var workaround = !string.IsNullOrWhiteSpace(suggestion.Workaround);
        var workaroundFactor = workaround ? WorkaroundFactor : 1m;
        var computed = Math.Min(MaxScore, Math.Round(interest * effortFactor * workaroundFactor, 2, MidpointRounding.AwayFromZero));
        return new ScoreParts(
            organizations.Count, requesters, contractBonus, interest, suggestion.EffortDays, Math.Round(effortFactor, 4), workaround, workaroundFactor,
            computed, suggestion.ScoreOverride, suggestion.ScoreOverride ?? computed);
    }

    public static int ContractLevel(SupportContract contract) => contract switch
    {
        SupportContract.Phone => 1,
        SupportContract.Onsite => 2,
        SupportContract.Extended => 3,
        _ => 0,
    };

    /// <summary>Ascending order of this key is descending score, then oldest first.</summary>
    public static string KeyFor(decimal score, DateTimeOffset createdAt, Guid id) =>
        $"{(long)((MaxScore - score) * 100m):D12}{createdAt.UtcTicks:D19}{id:N}";
}
