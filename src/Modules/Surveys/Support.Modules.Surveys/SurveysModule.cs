using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared;

namespace Support.Modules.Surveys;

/// <summary>Surveys (satisfaction after closure): registered from the start so its slices plug into the same store, mediator and scheduler.</summary>
public static class SurveysModule
{
    public static IServiceCollection AddSurveysModule(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddModuleHandlers(typeof(SurveysModule).Assembly);
        return services;
    }
}
