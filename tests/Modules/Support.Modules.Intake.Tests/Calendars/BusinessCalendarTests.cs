using NUnit.Framework;
using Support.Modules.Shared.Calendars;

namespace Support.Modules.Intake.Tests.Calendars;

/// <summary>TR-8: business-time arithmetic across daylight-saving changes and holidays (Europe/Paris).</summary>
public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Standard = new(BusinessCalendar.Standard([2026, 2027]));
    private static readonly BusinessCalendar SplitDay = new(BusinessCalendar.SplitDay([2026, 2027]));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Test] // March change: Sunday 29 March 2026, 02:00 → 03:00 (UTC+1 → UTC+2)
    public void Given_the_march_change_Then_two_business_hours_from_friday_five_pm_end_monday_ten_am_summer_time()
    {
        var friday = Utc(3, 27, 16); // 17:00 in Paris (UTC+1)

        Assert.Multiple(() =>
        {
            Assert.That(Standard.Add(friday, TimeSpan.FromHours(2)), Is.EqualTo(Utc(3, 30, 8)), "Monday 10:00 in Paris is 08:00 UTC");
            Assert.That(Standard.Between(Utc(3, 27, 8), Utc(3, 30, 16)), Is.EqualTo(TimeSpan.FromHours(18)), "Friday 09–18 and Monday 09–18");
        });
    }

    [Test] // October change: Sunday 25 October 2026, 03:00 → 02:00 (UTC+2 → UTC+1)
    public void Given_the_october_change_Then_two_business_hours_from_friday_five_pm_end_monday_ten_am_winter_time()
    {
        var friday = Utc(10, 23, 15); // 17:00 in Paris (UTC+2)

        Assert.Multiple(() =>
        {
            Assert.That(Standard.Add(friday, TimeSpan.FromHours(2)), Is.EqualTo(Utc(10, 26, 9)), "Monday 10:00 in Paris is 09:00 UTC");
            Assert.That(Standard.NextOpening(Utc(10, 24, 12)), Is.EqualTo(Utc(10, 26, 8)), "Monday 09:00 in Paris, winter time");
        });
    }

    [Test]
    public void Given_a_night_interval_across_the_march_change_Then_it_lasts_one_hour_less()
    {
        var night = new BusinessCalendar(new CalendarDefinition("Europe/Paris",
            [new OpeningHours(DayOfWeek.Sunday, new TimeOnly(0, 0), new TimeOnly(6, 0))], []));

        Assert.That(night.Between(Utc(3, 28, 12), Utc(3, 30, 0)), Is.EqualTo(TimeSpan.FromHours(5)), "00:00–06:00 on the night the clocks jump");
    }

    [Test]
    public void Given_christmas_and_a_weekend_Then_business_time_skips_them()
    {
        var thursday = Utc(12, 24, 16); // 17:00 in Paris; Friday 25 is a holiday

        Assert.Multiple(() =>
        {
            Assert.That(Standard.Add(thursday, TimeSpan.FromHours(2)), Is.EqualTo(Utc(12, 28, 9)), "Monday 28 December, 10:00 in Paris");
            Assert.That(Standard.IsOpen(Utc(12, 25, 10)), Is.False);
            Assert.That(Standard.Between(Utc(12, 24, 8), Utc(12, 29, 8)), Is.EqualTo(TimeSpan.FromHours(18)), "Thursday and Monday only");
        });
    }

    [Test]
    public void Given_easter_monday_Then_the_calendar_stays_closed()
    {
        var friday = Utc(4, 3, 15); // 17:00 in Paris; Easter Monday is 6 April 2026

        Assert.That(Standard.Add(friday, TimeSpan.FromHours(2)), Is.EqualTo(Utc(4, 7, 8)), "Tuesday 10:00 in Paris");
    }

    [Test]
    public void Given_a_lunch_break_Then_it_is_not_business_time()
    {
        var monday = Utc(12, 7, 10); // 11:00 in Paris

        Assert.Multiple(() =>
        {
            Assert.That(SplitDay.Add(monday, TimeSpan.FromHours(2)), Is.EqualTo(Utc(12, 7, 14)), "11–12, then 14–15 in Paris");
            Assert.That(SplitDay.IsOpen(Utc(12, 7, 11, 30)), Is.False, "12:30 in Paris");
            Assert.That(SplitDay.NextOpening(Utc(12, 7, 11, 30)), Is.EqualTo(Utc(12, 7, 13)));
            Assert.That(SplitDay.Between(Utc(12, 7, 8), Utc(12, 7, 17)), Is.EqualTo(TimeSpan.FromHours(7)));
        });
    }

    [Test]
    public void Given_an_open_moment_Then_it_opens_now_and_a_closed_calendar_never_opens()
    {
        var never = new BusinessCalendar(new CalendarDefinition("Europe/Paris", [], []));

        Assert.Multiple(() =>
        {
            Assert.That(Standard.NextOpening(Utc(12, 8, 10)), Is.EqualTo(Utc(12, 8, 10)));
            Assert.That(never.NextOpening(Utc(12, 8, 10)), Is.Null);
            Assert.That(() => never.Add(Utc(12, 8, 10), TimeSpan.FromHours(1)), Throws.InvalidOperationException);
        });
    }

    [TestCase(2026, 4, 5)]
    [TestCase(2027, 3, 28)]
    [TestCase(2030, 4, 21)]
    public void Given_a_year_Then_easter_is_computed(int year, int month, int day) =>
        Assert.That(FrenchHolidays.EasterSunday(year), Is.EqualTo(new DateOnly(year, month, day)));
}
