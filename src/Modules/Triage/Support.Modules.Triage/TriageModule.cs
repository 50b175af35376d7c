using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared;
using Support.Modules.Triage.Queue;

namespace Support.Modules.Triage;

/// <summary>Triage: the work queue and the ticket's handling by support agents.</summary>
public static class TriageModule
{
    public static IServiceCollection AddTriageModule(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddModuleHandlers(typeof(TriageModule).Assembly);
        services.ConfigureMarten(marten => marten.Schema.For<QueueItem>().DatabaseSchemaName("triage")
            .Duplicate(x => x.OrderKey)
            .Duplicate(x => x.Queue)
            .Duplicate(x => x.Status));
        return services;
    }
}
