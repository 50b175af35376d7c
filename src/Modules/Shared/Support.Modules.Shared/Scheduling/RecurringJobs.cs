using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Support.Modules.Shared.Scheduling;

public static class RecurringJobs
{
    /// <summary>
    /// A job of the clustered Quartz scheduler that runs now and then every <paramref name="interval"/>;
    /// resolvable on its own too, so tests can call its sweep directly.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, JobKey key, TimeSpan interval)
        where TJob : class, IJob
    {
        services.AddTransient<TJob>();
        services.AddQuartz(quartz => quartz
            .AddJob<TJob>(job => job.WithIdentity(key).StoreDurably())
            .AddTrigger(trigger => trigger
                .ForJob(key)
                .WithIdentity(key.Name, key.Group)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever())));
        return services;
    }
}
