using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Support.Modules.Triage.Tickets.Pending;

namespace Support.Modules.Triage.Tickets.Sla;

internal static class SlaRegistration
{
    public static IServiceCollection AddSlaClocks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SlaOptions>(configuration.GetSection(SlaOptions.Section));
        var scheduler = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        services.ConfigureMarten(marten => marten.Schema.For<SlaClock>().DatabaseSchemaName("triage").UseOptimisticConcurrency(true).Index(c => c.NextCheckAt!));
        services.AddTransient<SlaBreachJob>();
        services.AddQuartz(quartz => quartz
            .AddJob<SlaBreachJob>(job => job.WithIdentity(SlaBreachJob.Key).StoreDurably())
            .AddTrigger(trigger => trigger
                .ForJob(SlaBreachJob.Key)
                .WithIdentity("sla-breaches", "triage")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(scheduler.SweepInterval).RepeatForever())));
        return services;
    }
}
