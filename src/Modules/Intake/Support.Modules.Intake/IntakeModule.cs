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
        services.InitializeMartenWith<MailDomainClaimBackfill>();
        services.AddAttachments(configuration);
        services.AddEmailIntake(configuration);
        services.ConfigureMarten(marten =>
        {
            // Versioned, so two changes of one organisation at once cannot leave its domain claims out of step with its list.
            marten.Schema.For<Organization>().DatabaseSchemaName(IntakeSchema.Name).UseOptimisticConcurrency(true);
            marten.Schema.For<MailDomainClaim>().DatabaseSchemaName(IntakeSchema.Name); // keyed by the domain: one organisation each
            marten.Schema.For<Contact>().DatabaseSchemaName(IntakeSchema.Name)
                .Index([c => c.OrganizationId, c => c.Email], index =>
                {
                    index.IsUnique = true;
                    index.Casing = ComputedIndex.Casings.Lower; // applies to the email only: Marten leaves non-strings as they are
                })
                .Index(c => c.Email, index => index.Casing = ComputedIndex.Casings.Lower); // an incoming email's sender, in every organisation
            marten.Schema.For<Calendar>().DatabaseSchemaName(IntakeSchema.Name);
            marten.Schema.For<Queue>().DatabaseSchemaName(IntakeSchema.Name)
                .UniqueIndex(UniqueIndexType.Computed, q => q.IntakeAddress!);
            marten.Storage.ExtendedSchemaObjects.Add(
                new Sequence($"{IntakeSchema.Name}.{TicketOpening.NumberSequence}"));
        });
        return services;
    }
}
