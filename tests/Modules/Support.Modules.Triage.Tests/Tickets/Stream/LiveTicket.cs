using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Support.Modules.Triage.Tests.Tickets.Streaming;

/// <summary>One received server-sent event: its id, its type and its JSON data.</summary>
internal sealed record LiveEvent(string Id, string Type, JsonNode Data)
{
    public string Status => Data.Text("status");
}

/// <summary>
/// A ticket's live stream as a partner's client reads it: the response is read as it comes (headers
/// first, then each event when it is flushed), parsed by the BCL's <see cref="SseParser"/>.
/// </summary>
internal sealed class LiveTicket : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _closed = new();
    private readonly IAsyncEnumerator<SseItem<string>> _events;

    private LiveTicket(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _events = SseParser.Create(body).EnumerateAsync(_closed.Token).GetAsyncEnumerator(_closed.Token);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Sends the request and returns as soon as the headers are in; the caller checks the status.</summary>
    public static async Task<HttpResponseMessage> RequestAsync(HttpClient client, string ticketId, string? lastEventId = null, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tickets/{ticketId}/stream{query}");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public static async Task<LiveTicket> OpenAsync(HttpClient client, string ticketId, string? lastEventId = null, string query = "")
    {
        var response = await RequestAsync(client, ticketId, lastEventId, query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), () => response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        return new LiveTicket(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, which must arrive within <paramref name="within"/>.</summary>
    public async Task<LiveEvent> NextAsync(TimeSpan within)
    {
        bool more;
        try
        {
            more = await _events.MoveNextAsync().AsTask().WaitAsync(within);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No event within {within.TotalMilliseconds} ms.");
            throw;
        }

        Assert.That(more, Is.True, "the stream ended");
        var item = _events.Current;
        return new LiveEvent(item.EventId ?? "", item.EventType, JsonNode.Parse(item.Data)!);
    }

    /// <summary>Whether the server ends the stream (cleanly) within <paramref name="within"/>, skipping any last events.</summary>
    public async Task<bool> EndsAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        try
        {
            while (await _events.MoveNextAsync().AsTask().WaitAsync(deadline - DateTime.UtcNow))
            {
            }

            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Asserts that no event arrives for a while (the read stays pending; dispose afterwards).</summary>
    public async Task ExpectNothingAsync(TimeSpan during)
    {
        var next = _events.MoveNextAsync().AsTask();
        var first = await Task.WhenAny(next, Task.Delay(during));
        Assert.That(first, Is.Not.SameAs(next), () => $"unexpected event {_events.Current.EventType} {_events.Current.Data}");
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        _response.Dispose();
        try
        {
            await _events.DisposeAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or IOException or NotSupportedException)
        {
            // A read may still be pending when the test closes the stream.
        }

        _closed.Dispose();
    }
}
