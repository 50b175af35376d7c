using Support.Modules.Shared.Calendars;

namespace Support.Modules.Intake.Calendars;

/// <summary>
/// A business calendar a queue's team works by (TR-8): weekly opening hours (several intervals a
/// day allowed), holidays, an IANA time zone. Its id is a slug, e.g. <c>standard</c>.
/// </summary>
internal sealed class Calendar
{
    public const string StandardId = "standard";
    public const string SplitDayId = "split-day";

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string TimeZone { get; set; } = "Europe/Paris";

    public List<OpeningHours> Hours { get; set; } = [];

    public List<DateOnly> Holidays { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public CalendarDefinition Definition => new(TimeZone, Hours, Holidays);
}

/// <summary>Opening hours on one day, as the API writes them.</summary>
/// <param name="Day">monday … sunday.</param>
/// <param name="Start">Opening time, <c>HH:mm</c>.</param>
/// <param name="End">Closing time, <c>HH:mm</c>, after the opening time.</param>
internal sealed record OpeningHoursView(string Day, string Start, string End);

/// <summary>A business calendar (TR-8).</summary>
/// <param name="Id">Its id, e.g. <c>standard</c>.</param>
/// <param name="Name">Its display name.</param>
/// <param name="TimeZone">IANA time zone, e.g. <c>Europe/Paris</c>.</param>
/// <param name="Hours">Weekly opening hours; several intervals a day allowed.</param>
/// <param name="Holidays">Local dates (<c>yyyy-MM-dd</c>) on which it stays closed.</param>
/// <param name="UpdatedAt">When it last changed.</param>
internal sealed record CalendarView(string Id, string Name, string TimeZone, IReadOnlyList<OpeningHoursView> Hours, IReadOnlyList<DateOnly> Holidays, DateTimeOffset UpdatedAt)
{
    public static CalendarView From(Calendar calendar) => new(
        calendar.Id, calendar.Name, calendar.TimeZone,
        calendar.Hours.OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.Start)
            .Select(h => new OpeningHoursView(h.Day.ToString().ToLowerInvariant(), h.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                h.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        calendar.Holidays.Order().ToList(), calendar.UpdatedAt);
}
