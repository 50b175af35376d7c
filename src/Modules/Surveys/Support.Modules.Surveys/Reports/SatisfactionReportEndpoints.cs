using System.ComponentModel;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Surveys.Contracts;

namespace Support.Modules.Surveys.Reports;

/// <summary>Satisfaction for one group of surveys.</summary>
/// <param name="Group">The group's key: the period's first day (yyyy-MM-dd), the category, the queue, the agent's key id or the organisation's id; <c>all</c> without grouping.</param>
/// <param name="Label">A readable name for the group (the organisation's name, the month).</param>
/// <param name="Sent">Surveys sent.</param>
/// <param name="Answered">Surveys answered.</param>
/// <param name="Good">Good answers.</param>
/// <param name="Bad">Bad answers.</param>
/// <param name="GoodShare">Good answers among answers (0 to 1); null without answers.</param>
/// <param name="ResponseRate">Answers among surveys sent (0 to 1); null when none was sent.</param>
internal sealed record SatisfactionGroup(string Group, string Label, int Sent, int Answered, int Good, int Bad, double? GoodShare, double? ResponseRate);

/// <summary>The satisfaction report (SU-3).</summary>
/// <param name="From">Start of the period (surveys sent from then on).</param>
/// <param name="To">End of the period (excluded).</param>
/// <param name="GroupBy">How the groups are made.</param>
/// <param name="Total">Every survey of the period together.</param>
/// <param name="Groups">One line per group, largest first (periods in order).</param>
internal sealed record SatisfactionReport(DateTimeOffset From, DateTimeOffset To, string GroupBy, SatisfactionGroup Total, IReadOnlyList<SatisfactionGroup> Groups);

/// <summary>A dissatisfied answer (SU-3).</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="TicketNumber">Its number.</param>
/// <param name="OrganizationId">Its organisation.</param>
/// <param name="OrganizationName">The organisation's name.</param>
/// <param name="Category">Its category.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="AgentId">The agent who had it in charge.</param>
/// <param name="Requester">Who answered.</param>
/// <param name="Comment">What they wrote.</param>
/// <param name="AnsweredAt">When.</param>
internal sealed record DissatisfiedAnswer(
    Guid TicketId, string TicketNumber, Guid OrganizationId, string OrganizationName, TicketCategory Category, string Queue, string? AgentId,
    RequesterContact Requester, string? Comment, DateTimeOffset AnsweredAt);

/// <summary>A page of dissatisfied answers.</summary>
/// <param name="Items">Newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record DissatisfiedPage(IReadOnlyList<DissatisfiedAnswer> Items, string? NextCursor);

/// <summary>SU-3: satisfaction statistics for authorised staff.</summary>
internal sealed class SatisfactionReportEndpoints : ICarterModule
{
    private static readonly string[] Groupings = ["none", "month", "week", "category", "queue", "agent", "organization"];

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reports/satisfaction", async Task<Results<Ok<SatisfactionReport>, ProblemHttpResult>> (
                [Description("Start of the period, ISO 8601 (default: 30 days before `to`).")] DateTimeOffset? from,
                [Description("End of the period, excluded, ISO 8601 (default: now).")] DateTimeOffset? to,
                [Description("none (default), month, week, category, queue, agent or organization.")] string? groupBy,
                IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var grouping = groupBy ?? "none";
                var (period, error) = ReportPeriod.Of(from, to, clock.GetUtcNow());
                if (!Groupings.Contains(grouping) || period is null)
                {
                    return Invalid(grouping, error);
                }

                var (start, end) = period.Value;

                var surveys = await session.Query<Survey>()
                    .Where(s => s.SentAt >= start && s.SentAt < end)
                    .Select(s => new SurveyRow
                    {
                        Category = s.Category, Queue = s.Queue, AgentId = s.AgentId, OrganizationId = s.OrganizationId, OrganizationName = s.OrganizationName,
                        SentAt = s.SentAt, Status = s.Status, Rating = s.Rating,
                    })
                    .ToListAsync(cancellationToken);
                var groups = surveys.GroupBy(s => Key(s, grouping))
                    .Select(g => Summarise(g.Key.Group, g.Key.Label, g.ToList()));
                groups = grouping is "month" or "week" ? groups.OrderBy(g => g.Group, StringComparer.Ordinal) : groups.OrderByDescending(g => g.Sent);
                return TypedResults.Ok(new SatisfactionReport(start, end, grouping, Summarise("all", "All", surveys.ToList()), groups.ToList()));
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("GetSatisfactionReport")
            .WithTags("Reports")
            .WithSummary("Satisfaction: share of good answers and response rate (admin, agent)")
            .WithDescription("SU-3: the surveys sent in [`from`, `to`), with how many were answered, good and bad, the share of good answers and the response rate, in total and per `groupBy` group: the period (month, week), the ticket's category, queue, agent, or organisation. An unknown grouping or an empty period is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        app.MapGet("/api/v1/reports/satisfaction/dissatisfied", async Task<Results<Ok<DissatisfiedPage>, ProblemHttpResult>> (
                [Description("Start of the period, ISO 8601 (default: 30 days before `to`).")] DateTimeOffset? from,
                [Description("End of the period, excluded, ISO 8601 (default: now).")] DateTimeOffset? to,
                int? limit, string? cursor, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var (period, error) = ReportPeriod.Of(from, to, clock.GetUtcNow());
                if (period is null)
                {
                    return Invalid("none", error);
                }

                var (start, end) = period.Value;
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<Survey>().Where(s => s.Rating == SurveyRating.Bad && s.AnsweredAt >= start && s.AnsweredAt < end);
                if (paging.After is { } after)
                {
                    if (!DateTimeOffset.TryParse(after.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
                        || !Guid.TryParse(after.Split('|').ElementAtOrDefault(1), out var id))
                    {
                        return Paging.Invalid();
                    }

                    query = query.Where(s => s.AnsweredAt < at || (s.AnsweredAt == at && s.Id.CompareTo(id) < 0));
                }

                var answers = await query.OrderByDescending(s => s.AnsweredAt).ThenByDescending(s => s.Id).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = answers.Take(paging.Limit).ToList();
                var next = answers.Count > paging.Limit ? Paging.CursorFor($"{page[^1].AnsweredAt!.Value:O}|{page[^1].Id}") : null;
                return TypedResults.Ok(new DissatisfiedPage(page.Select(s => new DissatisfiedAnswer(
                    s.Id, s.Number, s.OrganizationId, s.OrganizationName, s.Category, s.Queue, s.AgentId, s.Requester, s.Comment, s.AnsweredAt!.Value)).ToList(), next));
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("ListDissatisfiedAnswers")
            .WithTags("Reports")
            .WithSummary("The dissatisfied answers, with their comments (admin, agent)")
            .WithDescription("SU-3: every `bad` answer given in [`from`, `to`), newest first, with the requester's comment and the ticket's organisation, category, queue and agent. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
    }

    private static ProblemHttpResult Invalid(string grouping, string? periodError) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(!Groupings.Contains(grouping)
            ? new Dictionary<string, string[]> { ["groupBy"] = [$"One of: {string.Join(", ", Groupings)}."] }
            : new Dictionary<string, string[]> { ["from"] = [periodError ?? "Invalid period."] })
        {
            Type = ProblemTypes.Validation,
            Title = "Invalid report parameters",
            Status = StatusCodes.Status400BadRequest,
        });

    private static (string Group, string Label) Key(SurveyRow s, string grouping) => grouping switch
    {
        "month" => (new DateTime(s.SentAt!.Value.Year, s.SentAt.Value.Month, 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            s.SentAt.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)),
        "week" => Week(s.SentAt!.Value),
        "category" => (QueryEnum.NameOf(s.Category), QueryEnum.NameOf(s.Category)),
        "queue" => (s.Queue, s.Queue),
        "agent" => (s.AgentId ?? "none", s.AgentId ?? "nobody"),
        "organization" => (s.OrganizationId.ToString(), s.OrganizationName),
        _ => ("all", "All"),
    };

    private static (string, string) Week(DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var key = monday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return (key, $"Week of {key}");
    }

    private static SatisfactionGroup Summarise(string group, string label, IReadOnlyCollection<SurveyRow> surveys)
    {
        var answered = surveys.Count(s => s.Status == SurveyStatus.Answered);
        var good = surveys.Count(s => s.Rating == SurveyRating.Good);
        var bad = surveys.Count(s => s.Rating == SurveyRating.Bad);
        return new SatisfactionGroup(group, label, surveys.Count, answered, good, bad,
            answered == 0 ? null : Math.Round((double)good / answered, 4),
            surveys.Count == 0 ? null : Math.Round((double)answered / surveys.Count, 4));
    }

    /// <summary>The fields the report reads, selected in the query.</summary>
    internal sealed class SurveyRow
    {
        public TicketCategory Category { get; set; }

        public string Queue { get; set; } = "";

        public string? AgentId { get; set; }

        public Guid OrganizationId { get; set; }

        public string OrganizationName { get; set; } = "";

        public DateTimeOffset? SentAt { get; set; }

        public SurveyStatus Status { get; set; }

        public SurveyRating? Rating { get; set; }
    }
}
