using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>
/// The live stream of one ticket for one caller (CT-1, CT-2): a snapshot first unless resuming, then
/// every change the caller may see as it is committed, until the client goes away or the host stops.
/// Between reads it holds no database connection: it waits on its <see cref="TicketWatch"/>.
/// </summary>
internal sealed class TicketEventStream(Ticket ticket, long? resumeAfter, ClaimsPrincipal caller) : IResult, IStatusCodeHttpResult
{
    public const string KeepAlive = "keep-alive";

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var store = services.GetRequiredService<IDocumentStore>();
        var notifier = services.GetRequiredService<TicketChangeNotifier>();
        var options = services.GetRequiredService<IOptions<TicketStreamOptions>>().Value;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var time = services.GetRequiredService<TimeProvider>();
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();

        // Ending when the host stops lets the response complete: clients reconnect with Last-Event-ID to another instance.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, lifetime.ApplicationStopping);
        var token = stop.Token;
        var staff = !caller.IsPartner();
        var events = new ServerSentEventWriter(httpContext.Response, json, time);

        // Watch before the first read: a change committed from now on either is in that read or wakes the next one.
        using var watch = notifier.Watch(ticket.Id);
        var feed = resumeAfter is { } after ? TicketFeed.After(store, ticket.Id, after, staff) : TicketFeed.From(store, ticket, staff);
        try
        {
            await events.StartAsync(token);
            if (resumeAfter is null)
            {
                await events.EventAsync(ticket.Revision, "snapshot", TicketView.For(ticket, caller), token);
            }

            while (true)
            {
                foreach (var change in await feed.ReadAsync(token))
                {
                    await events.EventAsync(change.Version, change.Type, change, token);
                }

                watch.ReadUpTo = feed.Version;
                await WaitForNewsAsync(watch, events, options.HeartbeatInterval, time, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits for a wake-up, sending a keep-alive comment whenever the stream has been silent for the heartbeat interval.</summary>
    private static async Task WaitForNewsAsync(
        TicketWatch watch, ServerSentEventWriter events, TimeSpan heartbeat, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = heartbeat - events.Silence;
            if (wait <= TimeSpan.Zero)
            {
                await events.CommentAsync(KeepAlive, cancellationToken);
                continue;
            }

            if (await watch.WaitAsync(wait, time, cancellationToken))
            {
                return;
            }
        }
    }
}
