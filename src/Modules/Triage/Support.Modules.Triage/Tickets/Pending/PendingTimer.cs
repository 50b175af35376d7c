namespace Support.Modules.Triage.Tickets.Pending;

/// <summary>The next thing due for a ticket waiting on the customer (TR-4).</summary>
internal enum PendingStep
{
    FirstReminder,
    SecondReminder,
    AutoResolve,
}

/// <summary>
/// The due work of one ticket waiting on the customer, stored as data (TR-4): written in the
/// transaction that starts the wait, swept by <see cref="PendingTicketsJob"/> when due, and void as
/// soon as the ticket no longer waits since <see cref="Since"/> (the customer answered, support
/// resolved it). Its id is the ticket's.
/// </summary>
internal sealed class PendingTimer
{
    public Guid Id { get; set; }

    /// <summary>When support started waiting: the offsets count from here, and a new wait replaces this one.</summary>
    public DateTimeOffset Since { get; set; }

    public PendingStep Step { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset SecondReminderAt { get; set; }

    public DateTimeOffset AutoResolveAt { get; set; }
}

/// <summary>When each step falls, in calendar or business days.</summary>
internal static class PendingSchedule
{
    public static PendingTimer Start(Guid ticketId, DateTimeOffset since, PendingOptions options)
    {
        var first = After(since, options.FirstReminder, options);
        return new PendingTimer
        {
            Id = ticketId,
            Since = since,
            Step = PendingStep.FirstReminder,
            DueAt = first,
            SecondReminderAt = After(since, options.SecondReminder, options),
            AutoResolveAt = After(since, options.AutoResolve, options),
        };
    }

    /// <summary>
    /// <paramref name="offset"/> after <paramref name="since"/>. With business days, each whole day of
    /// the offset is a Monday-to-Friday day in the configured time zone (a wait started on a Friday
    /// evening reaches D+2 on Tuesday evening); the rest of the offset is added as it is.
    /// </summary>
    public static DateTimeOffset After(DateTimeOffset since, TimeSpan offset, PendingOptions options)
    {
        if (!options.CountBusinessDays || offset < TimeSpan.FromDays(1))
        {
            return since + offset;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var local = TimeZoneInfo.ConvertTime(since, zone).DateTime;
        var days = (int)offset.TotalDays;
        while (days > 0)
        {
            local = local.AddDays(1);
            if (local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days--;
            }
        }

        var rest = offset - TimeSpan.FromDays((int)offset.TotalDays);
        var at = new DateTimeOffset(local, zone.GetUtcOffset(local)) + rest;
        return at.ToUniversalTime();
    }
}
