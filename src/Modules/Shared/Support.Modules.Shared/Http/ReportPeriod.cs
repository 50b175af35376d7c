namespace Support.Modules.Shared.Http;

/// <summary>The period of a report: <c>to</c> defaults to now, <c>from</c> to 30 days before it; at most a year and a day, so one request never reads years of data.</summary>
public static class ReportPeriod
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    /// <summary>The period asked for, or the reason it cannot be used.</summary>
    public static ((DateTimeOffset From, DateTimeOffset To)? Period, string? Error) Of(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? now;
        var start = from ?? (end - DateTimeOffset.MinValue > TimeSpan.FromDays(30) ? end.AddDays(-30) : DateTimeOffset.MinValue);
        return start >= end ? (null, "'from' must come before 'to'.")
            : end - start > Longest ? (null, "The period is at most 366 days: split it.")
            : ((start, end), null);
    }
}
