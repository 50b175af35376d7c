using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared.Scheduling;
using Support.Modules.Shared;
using Support.Modules.Surveys.SendSurveys;

namespace Support.Modules.Surveys;

/// <summary>Surveys: the satisfaction survey after closure (SU-1, SU-2) and its statistics (SU-3).</summary>
public static class SurveysModule
{
    public static IServiceCollection AddSurveysModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleHandlers(typeof(SurveysModule).Assembly);
        services.Configure<SurveyOptions>(configuration.GetSection(SurveyOptions.Section));
        var sweep = configuration.GetValue("Support:Scheduler:SweepInterval", TimeSpan.FromMinutes(1));
        services.ConfigureMarten(marten => marten.Schema.For<Survey>().DatabaseSchemaName("surveys").UseOptimisticConcurrency(true)
            .UniqueIndex(s => s.TokenHash!)
            .Duplicate(s => s.SendAt)
            .Duplicate(s => s.SentAt!)
            .Duplicate(s => s.AnsweredAt!));
        services.AddRecurringJob<SurveySweepJob>(SurveySweepJob.Key, sweep);
        return services;
    }
}
