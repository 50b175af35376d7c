using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Modules.Notifications.CustomerEmails;
using Support.Modules.Notifications.Mail;
using Support.Modules.Shared;

namespace Support.Modules.Notifications;

internal static class NotificationsSchema
{
    public const string Name = "notifications";
}

/// <summary>Notifications: the emails the support process promises customers, through a mail outbox, and partners' webhooks.</summary>
public static class NotificationsModule
{
    public static IServiceCollection AddNotificationsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleHandlers(typeof(NotificationsModule).Assembly);
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.PostConfigure<MailOptions>(options =>
            options.PickupDirectory ??= Path.Combine(configuration["Support:DataDirectory"] ?? ".data", "mail"));
        services.AddSingleton<TemplateRenderer>();
        services.AddSingleton<EmailComposer>();
        services.AddScoped<CustomerMail>();
        services.AddSingleton<MailSignal>();
        services.AddHostedService<MailSender>();
        services.AddSingleton<IMailTransport>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MailOptions>>();
            return string.IsNullOrWhiteSpace(options.Value.Smtp.Host)
                ? new PickupDirectoryTransport(Path.GetFullPath(options.Value.PickupDirectory!))
                : new SmtpTransport(options);
        });
        services.ConfigureMarten((provider, marten) =>
        {
            marten.Listeners.Add(new OutgoingEmailListener(provider.GetRequiredService<MailSignal>()));

            // The claim before sending is a version-checked write: two hosts never send one email.
            marten.Schema.For<OutgoingEmail>().DatabaseSchemaName(NotificationsSchema.Name).UseOptimisticConcurrency(true)
                .Duplicate(x => x.TicketId)
                .Duplicate(x => x.MessageId) // replies and bounces name it
                .Duplicate(x => x.Status)
                .Duplicate(x => x.NextAttemptAt)
                .Duplicate(x => x.ListKey);
            marten.Schema.For<TicketRecipient>().DatabaseSchemaName(NotificationsSchema.Name);
            marten.Schema.For<TemplateOverride>().DatabaseSchemaName(NotificationsSchema.Name);
        });
        services.AddWebhooks(configuration);
        return services;
    }
}
