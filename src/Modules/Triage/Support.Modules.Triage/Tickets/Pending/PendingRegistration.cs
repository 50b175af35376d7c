using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Support.Modules.Triage.Tickets.Pending;

internal static class PendingRegistration
{
    /// <summary>TR-4's due work: its settings, its documents and its clustered sweep.</summary>
    public static IServiceCollection AddPendingReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PendingOptions>(configuration.GetSection(PendingOptions.Section));
        var scheduler = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        services.ConfigureMarten(marten => marten.Schema.For<PendingTimer>().DatabaseSchemaName("triage").Index(t => t.DueAt));
        services.AddTransient<PendingTicketsJob>();
        services.AddQuartz(quartz => quartz
            .AddJob<PendingTicketsJob>(job => job.WithIdentity(PendingTicketsJob.Key).StoreDurably())
            .AddTrigger(trigger => trigger
                .ForJob(PendingTicketsJob.Key)
                .WithIdentity("pending-tickets", "triage")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(scheduler.SweepInterval).RepeatForever())));
        return services;
    }
}
