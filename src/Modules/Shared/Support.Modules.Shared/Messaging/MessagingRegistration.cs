using System.Reflection;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Support.Modules.Shared.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The durable outbox every module publishes through: message documents in the <c>messaging</c>
    /// schema, the after-commit pump and the clustered Quartz sweep.
    /// </summary>
    public static IServiceCollection AddOutboxMessaging(
        this IServiceCollection services, IConfiguration configuration, IEnumerable<Assembly> eventAssemblies)
    {
        var section = configuration.GetSection(OutboxOptions.Section);
        services.Configure<OutboxOptions>(section);
        var options = section.Get<OutboxOptions>() ?? new OutboxOptions();

        services.AddSingleton(new IntegrationEventTypes(eventAssemblies));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxPump>();
        services.AddTransient<OutboxSweepJob>();
        services.AddTransient<HandledEventCleanupJob>();

        services.ConfigureMarten((provider, marten) =>
        {
            marten.Schema.For<OutboxMessage>().DatabaseSchemaName("messaging")
                .Index(m => m.NextAttemptAt);
            marten.Schema.For<HandledEvent>().DatabaseSchemaName("messaging").Index(m => m.HandledAt);
            marten.Listeners.Add(new OutboxCommitListener(provider.GetRequiredService<OutboxSignal>()));
        });

        if (options.Enabled)
        {
            services.AddQuartz(quartz => quartz
                .AddJob<OutboxSweepJob>(job => job.WithIdentity(OutboxSweepJob.Key).StoreDurably())
                .AddTrigger(trigger => trigger
                    .ForJob(OutboxSweepJob.Key)
                    .WithIdentity("outbox-sweep", "messaging")
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule.WithInterval(options.SweepInterval).RepeatForever()))
                .AddJob<HandledEventCleanupJob>(job => job.WithIdentity(HandledEventCleanupJob.Key).StoreDurably())
                .AddTrigger(trigger => trigger
                    .ForJob(HandledEventCleanupJob.Key)
                    .WithIdentity("handled-event-cleanup", "messaging")
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule.WithInterval(options.MarkerCleanupInterval).RepeatForever())));
        }

        return services;
    }
}
