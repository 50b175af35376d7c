using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>One request the receiver got, as it came over the wire.</summary>
internal sealed record ReceivedWebhook(
    string Path, string Body, string? Event, string? Delivery, string? Signature, string? ContentType, DateTimeOffset At, HttpStatusCode Answered)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string? TicketId => Json["data"]?["ticketId"]?.GetValue<string>();

    /// <summary>The <c>v1</c> values of <c>Support-Signature</c>, in order.</summary>
    public IReadOnlyList<string> Signatures => Parts("v1");

    public long Timestamp => long.Parse(Parts("t").Single(), CultureInfo.InvariantCulture);

    /// <summary>What a receiver computes: hex HMAC-SHA256 of <c>"{t}.{body}"</c> with the secret.</summary>
    public string Expected(string secret) => Convert.ToHexStringLower(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{Timestamp.ToString(CultureInfo.InvariantCulture)}.{Body}")));

    public bool SignedWith(string secret) => Signatures.Any(v1 => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(v1), Encoding.ASCII.GetBytes(Expected(secret))));

    private List<string> Parts(string name) => (Signature ?? "").Split(',')
        .Select(part => part.Split('=', 2))
        .Where(pair => pair.Length == 2 && pair[0] == name)
        .Select(pair => pair[1])
        .ToList();
}

/// <summary>
/// A partner's webhook receiver: a real Kestrel server on 127.0.0.1 that records every POST and
/// answers what the test says, per path (200 by default).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, Func<int, HttpStatusCode>> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            var count = receiver._counts.AddOrUpdate(path, 1, (_, n) => n + 1);
            var status = receiver._answers.TryGetValue(path, out var answer) ? answer(count) : HttpStatusCode.OK;
            receiver._received.Enqueue(new ReceivedWebhook(path, body, context.Request.Headers["Support-Event"], context.Request.Headers["Support-Delivery"],
                context.Request.Headers["Support-Signature"], context.Request.ContentType, DateTimeOffset.UtcNow, status));
            context.Response.StatusCode = (int)status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Port = new Uri(address).Port;
        return receiver;
    }

    /// <summary>A fresh path of this receiver; only ever on 127.0.0.1.</summary>
    public string NewUrl(string name) => $"http://127.0.0.1:{Port}/{name}-{Guid.NewGuid():N}";

    /// <summary>Answers the n-th request (from 1) to this URL's path with what <paramref name="answer"/> says.</summary>
    public void Answer(string url, Func<int, HttpStatusCode> answer) => _answers[new Uri(url).AbsolutePath] = answer;

    public IReadOnlyList<ReceivedWebhook> At(string urlOrPath)
    {
        var path = urlOrPath.StartsWith('/') ? urlOrPath : new Uri(urlOrPath).AbsolutePath;
        return _received.Where(r => r.Path == path).ToList();
    }

    /// <summary>Waits until the URL got a request matching <paramref name="match"/>.</summary>
    public Task<ReceivedWebhook> WaitForAsync(string url, Func<ReceivedWebhook, bool> match, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => Task.FromResult(At(url).FirstOrDefault(match)), timeout, $"a webhook request at {url}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
