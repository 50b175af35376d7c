namespace Support.Modules.Shared.Calendars;

/// <summary>Opening hours on one day of the week, in the calendar's local time; <see cref="End"/> after <see cref="Start"/>.</summary>
/// <param name="Day">The day of the week.</param>
/// <param name="Start">Opening time, e.g. 09:00.</param>
/// <param name="End">Closing time, e.g. 18:00.</param>
public sealed record OpeningHours(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>A business calendar (TR-8): weekly opening hours, holidays, an IANA time zone.</summary>
/// <param name="TimeZone">IANA time zone, e.g. <c>Europe/Paris</c>.</param>
/// <param name="Hours">Opening hours; several per day allowed (09:00–12:00 and 14:00–18:00).</param>
/// <param name="Holidays">Local dates on which it stays closed.</param>
public sealed record CalendarDefinition(string TimeZone, IReadOnlyList<OpeningHours> Hours, IReadOnlyList<DateOnly> Holidays);

/// <summary>
/// Business-time arithmetic over a <see cref="CalendarDefinition"/> (TR-8): whether it is open, when
/// it next opens, a duration of business time added to an instant, the business time between two
/// instants. Every opening interval is turned into real instants through the calendar's time zone,
/// so daylight-saving changes and holidays are counted right: a local time skipped by the spring
/// change moves forward to the first real instant after it, a local time repeated by the autumn
/// change is its first occurrence.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>How far ahead the arithmetic looks for opening hours before deciding a calendar never opens.</summary>
    private const int HorizonDays = 3 * 366;

    private readonly TimeZoneInfo _zone;
    private readonly ILookup<DayOfWeek, OpeningHours> _hours;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(CalendarDefinition definition)
    {
        Definition = definition;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
        _hours = definition.Hours.OrderBy(h => h.Start).ToLookup(h => h.Day);
        _holidays = [.. definition.Holidays];
    }

    public CalendarDefinition Definition { get; }

    /// <summary>Monday to Friday, 09:00 to 18:00, Europe/Paris, with France's public holidays of the given years.</summary>
    public static CalendarDefinition Standard(IEnumerable<int> holidayYears) => new(
        "Europe/Paris",
        [.. Weekdays.Select(day => new OpeningHours(day, new TimeOnly(9, 0), new TimeOnly(18, 0)))],
        [.. holidayYears.SelectMany(FrenchHolidays.Of)]);

    /// <summary>Monday to Friday, 09:00 to 12:00 and 14:00 to 18:00, Europe/Paris, with France's public holidays.</summary>
    public static CalendarDefinition SplitDay(IEnumerable<int> holidayYears) => new(
        "Europe/Paris",
        [.. Weekdays.SelectMany(day => new[] { new OpeningHours(day, new TimeOnly(9, 0), new TimeOnly(12, 0)), new OpeningHours(day, new TimeOnly(14, 0), new TimeOnly(18, 0)) })],
        [.. holidayYears.SelectMany(FrenchHolidays.Of)]);

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public bool IsOpen(DateTimeOffset at) => Segments(at).TakeWhile(s => s.Start <= at).Any(s => s.End > at);

    /// <summary>The instant it opens next: <paramref name="at"/> itself when open; null when it never opens.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        foreach (var (start, end) in Segments(at))
        {
            if (end > at)
            {
                return start > at ? start : at;
            }
        }

        return null;
    }

    /// <summary>The instant at which <paramref name="duration"/> of business time has passed since <paramref name="from"/>.</summary>
    /// <exception cref="InvalidOperationException">The calendar does not open within three years.</exception>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan duration)
    {
        var remaining = duration;
        foreach (var (start, end) in Segments(from))
        {
            if (end <= from)
            {
                continue;
            }

            var begin = start > from ? start : from;
            if (remaining <= end - begin)
            {
                return begin + remaining;
            }

            remaining -= end - begin;
        }

        throw new InvalidOperationException("The calendar has no opening hours within three years.");
    }

    /// <summary>The business time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }

        foreach (var (start, end) in Segments(from))
        {
            if (start >= to)
            {
                break;
            }

            var begin = start > from ? start : from;
            var finish = end < to ? end : to;
            if (finish > begin)
            {
                total += finish - begin;
            }
        }

        return total;
    }

    /// <summary>The opening intervals as real instants, in order, from the local day of <paramref name="from"/> (the day before included, for intervals that cross midnight in UTC).</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Segments(DateTimeOffset from)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, _zone).DateTime).AddDays(-1);
        for (var i = 0; i < HorizonDays; i++, day = day.AddDays(1))
        {
            if (_holidays.Contains(day))
            {
                continue;
            }

            foreach (var hours in _hours[day.DayOfWeek])
            {
                var start = Instant(day.ToDateTime(hours.Start));
                var end = Instant(day.ToDateTime(hours.End));
                if (end > start)
                {
                    yield return (start, end);
                }
            }
        }
    }

    /// <summary>A local time of the calendar as an instant: skipped times move forward past the gap, repeated ones are their first occurrence.</summary>
    private DateTimeOffset Instant(DateTime local)
    {
        if (_zone.IsInvalidTime(local))
        {
            // Skipped by the spring change: the first real local time after the gap (02:30 → 03:00 in Paris).
            local = local.AddSeconds(-local.Second).AddMilliseconds(-local.Millisecond);
            while (_zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(1);
            }
        }

        var offset = _zone.IsAmbiguousTime(local) ? _zone.GetAmbiguousTimeOffsets(local).Max() : _zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}

/// <summary>France's public holidays (the default calendars' holidays).</summary>
public static class FrenchHolidays
{
    public static IEnumerable<DateOnly> Of(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new DateOnly(year, 1, 1), easter.AddDays(1), new DateOnly(year, 5, 1), new DateOnly(year, 5, 8), easter.AddDays(39), easter.AddDays(50),
            new DateOnly(year, 7, 14), new DateOnly(year, 8, 15), new DateOnly(year, 11, 1), new DateOnly(year, 11, 11), new DateOnly(year, 12, 25),
        ];
    }

    /// <summary>Easter Sunday (Gregorian, the anonymous algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
