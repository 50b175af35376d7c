using System.ComponentModel;
using Carter;
using Marten;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Calendars;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Tickets;

namespace Support.Modules.Triage.Reports;

/// <summary>Ticket figures for one group (SU-4). Times are business hours of the ticket's queue calendar (TR-8).</summary>
/// <param name="Group">The group's key: the category, the channel, the queue or the month's first day; <c>all</c> without grouping.</param>
/// <param name="Tickets">Tickets opened in the period.</param>
/// <param name="FirstResponseMedianHours">Median business time to the first public reply from support, in hours; null when none was answered.</param>
/// <param name="FirstResponseP90Hours">Its 90th percentile.</param>
/// <param name="ResolutionMedianHours">Median business time to the first resolution, in hours; null when none was resolved.</param>
/// <param name="ResolutionP90Hours">Its 90th percentile.</param>
/// <param name="Resolved">Tickets of the period resolved at least once.</param>
/// <param name="Reopened">Of those, tickets reopened at least once.</param>
/// <param name="ReopenRate">Reopened among resolved (0 to 1); null when none was resolved.</param>
internal sealed record TicketFigures(
    string Group, int Tickets, double? FirstResponseMedianHours, double? FirstResponseP90Hours, double? ResolutionMedianHours, double? ResolutionP90Hours,
    int Resolved, int Reopened, double? ReopenRate);

/// <summary>The ticket report (SU-4).</summary>
/// <param name="From">Start of the period (tickets opened from then on).</param>
/// <param name="To">End of the period (excluded).</param>
/// <param name="GroupBy">How the groups are made.</param>
/// <param name="Total">Every ticket of the period together.</param>
/// <param name="Groups">One line per group, largest first (months in order).</param>
internal sealed record TicketReport(DateTimeOffset From, DateTimeOffset To, string GroupBy, TicketFigures Total, IReadOnlyList<TicketFigures> Groups);

/// <summary>SU-4: volumes by category and channel, business-time first response and resolution, reopen rate.</summary>
internal sealed class TicketReportEndpoint : ICarterModule
{
    private static readonly string[] Groupings = ["none", "category", "channel", "queue", "month"];

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/reports/tickets", async Task<Results<Ok<TicketReport>, ProblemHttpResult>> (
                [Description("Start of the period, ISO 8601 (default: 30 days before `to`).")] DateTimeOffset? from,
                [Description("End of the period, excluded, ISO 8601 (default: now).")] DateTimeOffset? to,
                [Description("none (default), category, channel, queue or month.")] string? groupBy,
                IQuerySession session, IMediator mediator, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var grouping = groupBy ?? "none";
                var (period, error) = ReportPeriod.Of(from, to, clock.GetUtcNow());
                if (!Groupings.Contains(grouping) || period is null)
                {
                    return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ValidationProblemDetails(!Groupings.Contains(grouping)
                        ? new Dictionary<string, string[]> { ["groupBy"] = [$"One of: {string.Join(", ", Groupings)}."] }
                        : new Dictionary<string, string[]> { ["from"] = [error ?? "Invalid period."] })
                    {
                        Type = ProblemTypes.Validation, Title = "Invalid report parameters", Status = StatusCodes.Status400BadRequest,
                    });
                }

                var (start, end) = period.Value;
                var tickets = await session.Query<Ticket>()
                    .Where(t => t.CreatedAt >= start && t.CreatedAt < end)
                    .Select(t => new TicketRow
                    {
                        Category = t.Category, Channel = t.Channel, Queue = t.Queue, CreatedAt = t.CreatedAt, FirstResponseAt = t.FirstResponseAt,
                        FirstResolvedAt = t.FirstResolvedAt, ResolvedAt = t.ResolvedAt, ReopenCount = t.ReopenCount,
                    })
                    .ToListAsync(cancellationToken);
                var calendars = new Dictionary<string, BusinessCalendar>();
                foreach (var queue in tickets.Select(t => t.Queue).Distinct())
                {
                    calendars[queue] = new BusinessCalendar(await mediator.Send(new FindQueueCalendar(queue), cancellationToken));
                }

                var groups = tickets.GroupBy(t => grouping switch
                    {
                        "category" => QueryEnum.NameOf(t.Category),
                        "channel" => QueryEnum.NameOf(t.Channel),
                        "queue" => t.Queue,
                        "month" => new DateTime(t.CreatedAt.Year, t.CreatedAt.Month, 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        _ => "all",
                    })
                    .Select(g => Figures(g.Key, g.ToList(), calendars));
                groups = grouping == "month" ? groups.OrderBy(g => g.Group, StringComparer.Ordinal) : groups.OrderByDescending(g => g.Tickets);
                return TypedResults.Ok(new TicketReport(start, end, grouping, Figures("all", tickets, calendars), groups.ToList()));
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("GetTicketReport")
            .WithTags("Reports")
            .WithSummary("Ticket volumes, response and resolution times, reopen rate (admin, agent)")
            .WithDescription("SU-4: the tickets opened in [`from`, `to`): how many, the median and 90th percentile of the business time (in hours, by each ticket's queue calendar) to support's first public reply and to the first resolution, and the share of resolved tickets reopened; in total and per `groupBy` group (category, channel, queue, month). An unknown grouping or an empty period is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

    private static TicketFigures Figures(string group, IReadOnlyCollection<TicketRow> tickets, IReadOnlyDictionary<string, BusinessCalendar> calendars)
    {
        var firstResponses = tickets.Where(t => t.FirstResponseAt is not null)
            .Select(t => calendars[t.Queue].Between(t.CreatedAt, t.FirstResponseAt!.Value).TotalHours).Order().ToList();
        var resolutions = tickets.Select(t => (t, at: t.FirstResolvedAt ?? t.ResolvedAt)).Where(x => x.at is not null)
            .Select(x => calendars[x.t.Queue].Between(x.t.CreatedAt, x.at!.Value).TotalHours).Order().ToList();
        var resolved = tickets.Count(t => (t.FirstResolvedAt ?? t.ResolvedAt) is not null);
        var reopened = tickets.Count(t => t.ReopenCount > 0);
        return new TicketFigures(group, tickets.Count, Percentile(firstResponses, 0.5), Percentile(firstResponses, 0.9),
            Percentile(resolutions, 0.5), Percentile(resolutions, 0.9), resolved, reopened, resolved == 0 ? null : Math.Round((double)reopened / resolved, 4));
    }

    /// <summary>The nearest-rank percentile of sorted values, rounded to two decimals; null without values.</summary>
    private static double? Percentile(IReadOnlyList<double> sorted, double rank) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(rank * sorted.Count) - 1)], 2);

    /// <summary>The fields the report reads, selected in the query.</summary>
    internal sealed class TicketRow
    {
        public TicketCategory Category { get; set; }

        public TicketChannel Channel { get; set; }

        public string Queue { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset? FirstResponseAt { get; set; }

        public DateTimeOffset? FirstResolvedAt { get; set; }

        public DateTimeOffset? ResolvedAt { get; set; }

        public int ReopenCount { get; set; }
    }
}
