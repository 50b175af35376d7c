using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Tickets;
using Support.Modules.Shared;
using Support.Modules.Shared.Attachments;
using Weasel.Postgresql;

namespace Support.Modules.Intake;

internal static class IntakeSchema
{
    public const string Name = "intake";
}

/// <summary>Intake: organisations, and tickets as they come in through every channel.</summary>
public static class IntakeModule
{
    public static IServiceCollection AddIntakeModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleHandlers(typeof(IntakeModule).Assembly);
        services.AddAttachments(configuration);
        services.ConfigureMarten(marten =>
        {
            marten.Schema.For<Organization>().DatabaseSchemaName(IntakeSchema.Name);
            marten.Storage.ExtendedSchemaObjects.Add(
                new Sequence($"{IntakeSchema.Name}.{TicketOpening.NumberSequence}"));
        });
        return services;
    }
}
