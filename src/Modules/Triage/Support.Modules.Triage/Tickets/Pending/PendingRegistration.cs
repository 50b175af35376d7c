using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared.Scheduling;

namespace Support.Modules.Triage.Tickets.Pending;

internal static class PendingRegistration
{
    /// <summary>TR-4's due work: its settings, its documents and its clustered sweep.</summary>
    public static IServiceCollection AddPendingReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PendingOptions>(configuration.GetSection(PendingOptions.Section));
        var scheduler = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        services.ConfigureMarten(marten => marten.Schema.For<PendingTimer>().DatabaseSchemaName("triage").Index(t => t.DueAt));
        services.AddRecurringJob<PendingTicketsJob>(PendingTicketsJob.Key, scheduler.SweepInterval);
        return services;
    }
}
