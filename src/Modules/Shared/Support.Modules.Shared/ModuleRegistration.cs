using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Shared.Http;

namespace Support.Modules.Shared;

public static class ModuleRegistration
{
    /// <summary>
    /// Registers MediatR (5.x has no DI package: <see cref="IMediator"/>, its <see cref="ServiceFactory"/>
    /// and the validation behaviour are registered here) once per container.
    /// </summary>
    public static IServiceCollection AddMediatorCore(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IMediator)))
        {
            return services;
        }

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        return services;
    }

    /// <summary>
    /// Scans one module's assembly with Scrutor for its MediatR request and notification handlers
    /// (internal ones too) and registers its FluentValidation validators.
    /// </summary>
    public static IServiceCollection AddModuleHandlers(this IServiceCollection services, Assembly assembly)
    {
        services.AddMediatorCore();
        services.Scan(scan => scan
            .FromAssemblies(assembly)
            .AddClasses(classes => classes.AssignableToAny(typeof(IRequestHandler<,>), typeof(INotificationHandler<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime());
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
