using System.Reflection;
using Carter;
using Support.Modules.Escalation;
using Support.Modules.Intake;
using Support.Modules.Notifications;
using Support.Modules.Shared;
using Support.Modules.Shared.Messaging;
using Support.Modules.Surveys;
using Support.Modules.Triage;

namespace Support.Host;

/// <summary>The modules this host is made of, each registered with its one public call.</summary>
internal static class ModuleRegistry
{
    private static readonly Assembly[] ModuleAssemblies =
    [
        typeof(IntakeModule).Assembly,
        typeof(TriageModule).Assembly,
        typeof(EscalationModule).Assembly,
        typeof(NotificationsModule).Assembly,
        typeof(SurveysModule).Assembly,
    ];

    public static IServiceCollection AddSupportModules(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddIntakeModule(configuration)
            .AddTriageModule(configuration)
            .AddEscalationModule(configuration)
            .AddNotificationsModule(configuration)
            .AddSurveysModule(configuration);

        // The host's own slices (API keys) use the same mediator conventions.
        services.AddModuleHandlers(typeof(ModuleRegistry).Assembly);

        var contractAssemblies = ModuleAssemblies
            .SelectMany(a => a.GetReferencedAssemblies())
            .Where(name => name.Name?.EndsWith(".Contracts", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Concat(ModuleAssemblies);
        services.AddOutboxMessaging(configuration, contractAssemblies);

        // Endpoint classes are internal to their modules: hand them to Carter explicitly.
        var endpoints = ModuleAssemblies.Append(typeof(ModuleRegistry).Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && t.IsAssignableTo(typeof(ICarterModule)))
            .ToArray();
        services.AddCarter(configurator: carter => carter.WithModules(endpoints));
        return services;
    }
}
