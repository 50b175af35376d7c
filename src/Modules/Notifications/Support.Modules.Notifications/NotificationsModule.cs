using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Modules.Notifications.Mail;
using Support.Modules.Shared;

namespace Support.Modules.Notifications;

/// <summary>Notifications: the emails the support process promises customers.</summary>
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
        services.AddSingleton<IMailTransport>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MailOptions>>();
            return string.IsNullOrWhiteSpace(options.Value.Smtp.Host)
                ? new PickupDirectoryTransport(Path.GetFullPath(options.Value.PickupDirectory!))
                : new SmtpTransport(options);
        });
        services.ConfigureMarten(marten => marten.Schema.For<SentEmail>().DatabaseSchemaName("notifications")
            .Duplicate(x => x.TicketId));
        services.AddWebhooks(configuration);
        return services;
    }
}
