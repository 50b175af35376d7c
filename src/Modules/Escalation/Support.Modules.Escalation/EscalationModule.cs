using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared;

namespace Support.Modules.Escalation;

/// <summary>Escalation (support → development → product): registered from the start so its slices plug into the same store, mediator and scheduler.</summary>
public static class EscalationModule
{
    public static IServiceCollection AddEscalationModule(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddModuleHandlers(typeof(EscalationModule).Assembly);
        return services;
    }
}
