using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The namespace is not "…Tickets.Stream", the folder's name: a namespace called Stream would hide
// System.IO.Stream from every other slice under Tickets (uploads, downloads).
namespace Support.Modules.Triage.Tickets.Streaming;

internal static class TicketStreamRegistration
{
    /// <summary>The live ticket streams (CT-2): the wake-ups from this process's commits, and the poll for other instances' commits.</summary>
    public static IServiceCollection AddTicketStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TicketStreamOptions>(configuration.GetSection(TicketStreamOptions.Section));
        services.AddSingleton<TicketChangeNotifier>();
        services.AddHostedService<TicketStreamPoller>();
        services.ConfigureMarten((provider, marten) =>
            marten.Listeners.Add(new TicketCommitListener(provider.GetRequiredService<TicketChangeNotifier>())));
        return services;
    }
}
