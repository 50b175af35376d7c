using Marten;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Escalation.Suggestions;

/// <summary>Where a product suggestion stands (ES-5, ES-7).</summary>
internal enum SuggestionStatus
{
    /// <summary>Waiting for the product team's decision.</summary>
    Open,

    /// <summary>It will be built.</summary>
    Planned,

    /// <summary>It will not be built.</summary>
    Declined,

    /// <summary>It was built and released.</summary>
    Shipped,

    /// <summary>Merged into another suggestion (<c>mergedInto</c>), which now holds its requests.</summary>
    Merged,
}

/// <summary>One ticket asking for the feature: who, from which organisation, under which contract.</summary>
internal sealed class SuggestionRequest
{
    public Guid TicketId { get; set; }

    public string TicketNumber { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    /// <summary>The organisation's support contract when it asked: part of the ranking (ES-6).</summary>
    public SupportContract Contract { get; set; }

    public RequesterContact Requester { get; set; } = new("", "");

    public string Subject { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>The product team's decision (ES-7).</summary>
internal sealed class SuggestionDecision
{
    public ProductDecision Decision { get; set; }

    public string Message { get; set; } = "";

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A feature as the product team sees it (ES-5): every request for it from every organisation, the
/// team's assessment, its rank (ES-6) and its decision (ES-7).
/// </summary>
internal sealed class ProductSuggestion
{
    public const string NumberSequence = "suggestion_number";

    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public SuggestionStatus Status { get; set; }

    public Guid? MergedInto { get; set; }

    public List<Guid> MergedFrom { get; set; } = [];

    public List<SuggestionRequest> Requests { get; set; } = [];

    /// <summary>The product team's estimate of the development time, in days; null until assessed.</summary>
    public decimal? EffortDays { get; set; }

    /// <summary>A simple workaround customers can use meanwhile, if there is one.</summary>
    public string? Workaround { get; set; }

    /// <summary>The product team's own score, replacing the computed one.</summary>
    public decimal? ScoreOverride { get; set; }

    /// <summary>The rank as last computed (<see cref="SuggestionRanking"/>), kept for ordering.</summary>
    public decimal Score { get; set; }

    /// <summary>Highest score first, then oldest first: one comparable string, for keyset paging.</summary>
    public string RankKey { get; set; } = "";

    public SuggestionDecision? Decision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether the product team can still decide on it, or requests can still join it.</summary>
    public bool IsUndecided => Status == SuggestionStatus.Open;

    /// <summary>Recomputes the score and the rank key after any change of requests or assessment.</summary>
    public void Rerank()
    {
        Score = SuggestionRanking.For(this).Score;
        RankKey = SuggestionRanking.KeyFor(Score, CreatedAt, Id);
    }

    public static async Task<string> NextNumberAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var next = await session.QueryAsync<long>($"select nextval('{EscalationSchema.Name}.{NumberSequence}')", cancellationToken);
        return $"SUG-{next[0]}";
    }
}
