using NUnit.Framework;
using Support.Modules.Escalation.Suggestions;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Escalation.Tests;

/// <summary>The ranking formula of ES-6, as docs/product-ranking.md states it.</summary>
public sealed class SuggestionRankingTests
{
    [Test]
    public void Given_requests_from_organisations_and_requesters_Then_interest_counts_distinct_ones_and_contract_levels()
    {
        var suggestion = Suggestion(
            ("a@one.example", SupportContract.Standard, 1),
            ("A@one.example", SupportContract.Phone, 1),
            ("b@two.example", SupportContract.Onsite, 2),
            ("c@three.example", SupportContract.Extended, 3));

        var parts = SuggestionRanking.For(suggestion);

        Assert.Multiple(() =>
        {
            Assert.That(parts.Organizations, Is.EqualTo(3));
            Assert.That(parts.Requesters, Is.EqualTo(3), "emails compare case-insensitively");
            Assert.That(parts.ContractBonus, Is.EqualTo(1 + 2 + 3), "each organisation counts once, at its highest contract");
            Assert.That(parts.Interest, Is.EqualTo(30m + 6m + 18m));
            Assert.That(parts.Score, Is.EqualTo(54m), "not assessed yet: effort and workaround leave it whole");
        });
    }

    [TestCase(0, false, 12)]
    [TestCase(5, false, 6)]
    [TestCase(5, true, 3)]
    [TestCase(20, false, 2.4)]
    public void Given_effort_and_a_workaround_Then_the_score_is_lowered_as_documented(decimal effortDays, bool workaround, decimal expected)
    {
        var suggestion = Suggestion(("a@one.example", SupportContract.Standard, 1));
        suggestion.EffortDays = effortDays;
        suggestion.Workaround = workaround ? "Use the API." : null;

        Assert.That(SuggestionRanking.For(suggestion).Score, Is.EqualTo(expected));
    }

    [Test]
    public void Given_an_override_Then_it_is_the_score_and_the_computed_one_stays_visible()
    {
        var suggestion = Suggestion(("a@one.example", SupportContract.Standard, 1));
        suggestion.ScoreOverride = 1m;

        var parts = SuggestionRanking.For(suggestion);

        Assert.Multiple(() =>
        {
            Assert.That(parts.Score, Is.EqualTo(1m));
            Assert.That(parts.Computed, Is.EqualTo(12m));
        });
    }

    [Test]
    public void Given_scores_Then_rank_keys_order_the_highest_first_and_the_oldest_first_on_ties()
    {
        var early = DateTimeOffset.UnixEpoch;
        var late = early.AddDays(1);
        var keys = new[]
        {
            SuggestionRanking.KeyFor(5m, late, Guid.NewGuid()),
            SuggestionRanking.KeyFor(12.5m, late, Guid.NewGuid()),
            SuggestionRanking.KeyFor(5m, early, Guid.NewGuid()),
            SuggestionRanking.KeyFor(SuggestionRanking.MaxScore, late, Guid.NewGuid()),
            SuggestionRanking.KeyFor(0m, early, Guid.NewGuid()),
        };

        Assert.That(keys.Order(StringComparer.Ordinal).Select(k => Array.IndexOf(keys, k)), Is.EqualTo(new[] { 3, 1, 2, 0, 4 }));
    }

    private static ProductSuggestion Suggestion(params (string Email, SupportContract Contract, int Organization)[] requests) => new()
    {
        Id = Guid.NewGuid(),
        Requests = requests.Select(r => new SuggestionRequest
        {
            TicketId = Guid.NewGuid(),
            OrganizationId = new Guid(r.Organization, 0, 0, new byte[8]),
            Contract = r.Contract,
            Requester = new RequesterContact(r.Email, "Someone"),
        }).ToList(),
    };
}
