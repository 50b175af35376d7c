using Quartz;

namespace Support.Host.Infrastructure;

internal static class SchedulingRegistration
{
    /// <summary>
    /// Quartz on its PostgreSQL job store, clustered: schedules survive restarts and each firing runs
    /// on one host only. Quartz creates its own tables at start. Modules add their jobs with AddQuartz.
    /// </summary>
    public static IServiceCollection AddSupportScheduler(this IServiceCollection services, string connectionString)
    {
        var properties = new Dictionary<string, string?>
        {
            ["quartz.scheduler.instanceName"] = "support",
            ["quartz.scheduler.instanceId"] = "AUTO",
        };
        services.AddQuartz(properties, quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(5);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
