using Marten;
using Marten.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Support.Modules.Intake.Email.Ingestion;
using Support.Modules.Intake.Email.Mailboxes;
using Support.Modules.Intake.Organizations.UnknownSenders;

namespace Support.Modules.Intake.Email;

/// <summary>Email intake (IN-5, IN-7): IMAP mailboxes read by every host, the mailgate endpoint, and the records that make it exactly once.</summary>
internal static class EmailIntakeRegistration
{
    public static IServiceCollection AddEmailIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboundMailOptions>().Bind(configuration.GetSection(InboundMailOptions.Section));
        services.AddScoped<EmailIngestion>();
        services.AddSingleton<MailboxSignal>();
        services.AddHostedService<MailboxWatcher>();
        services.InitializeMartenWith<UnknownSendersSeed>();
        services.ConfigureMarten(marten =>
        {
            // Version-checked: two people accepting or retrying one email at once never ingest it twice.
            marten.Schema.For<InboundEmail>().DatabaseSchemaName(IntakeSchema.Name).UseOptimisticConcurrency(true)
                .UniqueIndex(UniqueIndexType.DuplicatedField, "inbound_email_dedupe_key", x => x.DedupeKey)
                .Duplicate(x => x.MessageId!)
                .Duplicate(x => x.From)
                .Duplicate(x => x.SentAt)
                .Duplicate(x => x.ReceivedAt)
                .Duplicate(x => x.Status)
                .Duplicate(x => x.MailboxId!)
                .Duplicate(x => x.TicketId!)
                .Duplicate(x => x.ListKey);
            marten.Schema.For<Mailbox>().DatabaseSchemaName(IntakeSchema.Name);
            marten.Schema.For<MailboxCheckpoint>().DatabaseSchemaName(IntakeSchema.Name);
        });
        return services;
    }
}
