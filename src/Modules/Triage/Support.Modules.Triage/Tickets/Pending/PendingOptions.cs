namespace Support.Modules.Triage.Tickets.Pending;

/// <summary>Settings under <c>Support:Pending</c>: the reminders and the automatic resolution of tickets waiting on the customer (TR-4).</summary>
internal sealed class PendingOptions
{
    public const string Section = "Support:Pending";

    /// <summary>The first reminder, after support started waiting.</summary>
    public TimeSpan FirstReminder { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The second (last) reminder.</summary>
    public TimeSpan SecondReminder { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The automatic resolution as <c>no_reply</c>.</summary>
    public TimeSpan AutoResolve { get; set; } = TimeSpan.FromDays(10);

    /// <summary>Count the whole days of the offsets as business days (Monday to Friday), not calendar days.</summary>
    public bool CountBusinessDays { get; set; }

    /// <summary>The business days' time zone, where a day starts and ends.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";
}

/// <summary>Settings under <c>Support:Scheduler</c>.</summary>
internal sealed class SchedulerOptions
{
    public const string Section = "Support:Scheduler";

    /// <summary>How often due work (reminders, automatic resolutions) is swept.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
