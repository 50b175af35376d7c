using Marten;
using Marten.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Intake.Calendars;
using Support.Modules.Intake.Email;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Organizations.Contacts;
using Support.Modules.Intake.Queues;
using Support.Modules.Intake.Queues.SeedDefaults;
using Support.Modules.Intake.Tickets;
using Support.Modules.Shared;
using Support.Modules.Shared.Attachments;
using Weasel.Postgresql;

namespace Support.Modules.Intake;

internal static class IntakeSchema
{
    public const string Name = "intake";
}

/// <summary>Intake: organisations and their contacts, queues, and tickets as they come in through every channel.</summary>
public static class IntakeModule
{
    public static IServiceCollection AddIntakeModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleHandlers(typeof(IntakeModule).Assembly);
        services.AddOptions<QueueOptions>().Bind(configuration.GetSection(QueueOptions.Section));
        services.InitializeMartenWith<DefaultQueueSeed>();
        services.InitializeMartenWith<CalendarSeed>();
        services.AddAttachments(configuration);
        services.AddEmailIntake(configuration);
        services.ConfigureMarten(marten =>
        {
            marten.Schema.For<Organization>().DatabaseSchemaName(IntakeSchema.Name);
            marten.Schema.For<Contact>().DatabaseSchemaName(IntakeSchema.Name)
                .Index([c => c.OrganizationId, c => c.Email], index =>
                {
                    index.IsUnique = true;
                    index.Casing = ComputedIndex.Casings.Lower; // applies to the email only: Marten leaves non-strings as they are
                });
            marten.Schema.For<Calendar>().DatabaseSchemaName(IntakeSchema.Name);
            marten.Schema.For<Queue>().DatabaseSchemaName(IntakeSchema.Name)
                .UniqueIndex(UniqueIndexType.Computed, q => q.IntakeAddress!);
            marten.Storage.ExtendedSchemaObjects.Add(
                new Sequence($"{IntakeSchema.Name}.{TicketOpening.NumberSequence}"));
        });
        return services;
    }
}
