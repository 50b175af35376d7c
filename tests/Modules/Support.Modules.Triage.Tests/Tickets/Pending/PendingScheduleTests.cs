using NUnit.Framework;
using Support.Modules.Triage.Tickets.Pending;

namespace Support.Modules.Triage.Tests.Tickets.Pending;

/// <summary>TR-4's offsets in calendar days or in business days.</summary>
public sealed class PendingScheduleTests
{
    private static readonly PendingOptions BusinessDays = new() { CountBusinessDays = true };

    [Test]
    public void Given_calendar_days_Then_the_offsets_are_added_as_they_are()
    {
        var since = new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero); // a Friday
        var timer = PendingSchedule.Start(Guid.NewGuid(), since, new PendingOptions());

        Assert.Multiple(() =>
        {
            Assert.That(timer.DueAt, Is.EqualTo(since.AddDays(2)));
            Assert.That(timer.SecondReminderAt, Is.EqualTo(since.AddDays(5)));
            Assert.That(timer.AutoResolveAt, Is.EqualTo(since.AddDays(10)));
        });
    }

    [Test]
    public void Given_business_days_Then_weekends_do_not_count()
    {
        var friday = new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero); // 18:00 in Paris

        Assert.Multiple(() =>
        {
            Assert.That(PendingSchedule.After(friday, TimeSpan.FromDays(2), BusinessDays), Is.EqualTo(friday.AddDays(4)), "Friday + 2 business days = Tuesday");
            Assert.That(PendingSchedule.After(friday, TimeSpan.FromDays(5), BusinessDays), Is.EqualTo(friday.AddDays(7)), "= next Friday");
            Assert.That(PendingSchedule.After(friday, TimeSpan.FromDays(10), BusinessDays), Is.EqualTo(friday.AddDays(14)));
        });
    }

    [Test]
    public void Given_business_days_across_the_october_change_Then_the_local_time_of_day_is_kept()
    {
        var friday = new DateTimeOffset(2026, 10, 23, 16, 0, 0, TimeSpan.Zero); // 18:00 in Paris (UTC+2)

        var tuesday = PendingSchedule.After(friday, TimeSpan.FromDays(2), BusinessDays);

        Assert.That(tuesday, Is.EqualTo(new DateTimeOffset(2026, 10, 27, 17, 0, 0, TimeSpan.Zero)), "18:00 in Paris, now UTC+1");
    }

    [Test]
    public void Given_an_offset_shorter_than_a_day_Then_it_is_added_as_it_is_even_in_business_days()
    {
        var saturday = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

        Assert.That(PendingSchedule.After(saturday, TimeSpan.FromSeconds(30), BusinessDays), Is.EqualTo(saturday.AddSeconds(30)));
    }
}
