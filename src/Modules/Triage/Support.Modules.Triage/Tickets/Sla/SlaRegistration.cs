using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared.Scheduling;
using Support.Modules.Triage.Tickets.Pending;

namespace Support.Modules.Triage.Tickets.Sla;

internal static class SlaRegistration
{
    public static IServiceCollection AddSlaClocks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SlaOptions>(configuration.GetSection(SlaOptions.Section));
        var scheduler = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        services.ConfigureMarten(marten => marten.Schema.For<SlaClock>().DatabaseSchemaName("triage").UseOptimisticConcurrency(true).Index(c => c.NextCheckAt!));
        services.AddRecurringJob<SlaBreachJob>(SlaBreachJob.Key, scheduler.SweepInterval);
        return services;
    }
}
