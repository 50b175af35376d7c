using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Modules.Notifications.Webhooks;
using Support.Modules.Notifications.Webhooks.Deliveries;
using Support.Modules.Notifications.Webhooks.Delivery;

// In the module's namespace, so that NotificationsModule calls it without a using of its own.
namespace Support.Modules.Notifications;

internal static class WebhookRegistration
{
    private const string NotificationsSchema = "notifications";

    /// <summary>
    /// NO-6: webhooks and their deliveries (documents in the <c>notifications</c> schema), the fan-out
    /// handlers (registered with the module's other handlers), the delivery worker and its HTTP client.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDeliveryWorker>();
        services.AddHttpClient(WebhookSender.ClientName, (provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Support-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                // Redirects and proxies would connect somewhere the target check has not seen.
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                ConnectCallback = WebhookTargets.Connect(provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworkTargets),
            });
        services.ConfigureMarten((provider, marten) =>
        {
            marten.Schema.For<Webhook>().DatabaseSchemaName(NotificationsSchema).UseOptimisticConcurrency(true)
                .Duplicate(w => w.ListKey)
                .Duplicate(w => w.OwnerKeyId);
            marten.Schema.For<WebhookDelivery>().DatabaseSchemaName(NotificationsSchema).UseOptimisticConcurrency(true)
                .Duplicate(d => d.NextAttemptAt)
                .Duplicate(d => d.WebhookId)
                .Duplicate(d => d.ListKey);
            marten.Listeners.Add(new WebhookCommitListener(provider.GetRequiredService<WebhookSignal>(), provider.GetRequiredService<TimeProvider>()));
        });
        return services;
    }
}

