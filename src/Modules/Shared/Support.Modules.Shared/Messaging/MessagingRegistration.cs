using System.Reflection;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared.Scheduling;

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

        services.ConfigureMarten((provider, marten) =>
        {
            marten.Schema.For<OutboxMessage>().DatabaseSchemaName("messaging")
                .Index(m => m.NextAttemptAt);
            marten.Schema.For<HandledEvent>().DatabaseSchemaName("messaging").Index(m => m.HandledAt);
            marten.Listeners.Add(new OutboxCommitListener(provider.GetRequiredService<OutboxSignal>()));
        });

        if (options.Enabled)
        {
            services.AddRecurringJob<OutboxSweepJob>(OutboxSweepJob.Key, options.SweepInterval);
            services.AddRecurringJob<HandledEventCleanupJob>(HandledEventCleanupJob.Key, options.MarkerCleanupInterval);
        }

        return services;
    }
}
