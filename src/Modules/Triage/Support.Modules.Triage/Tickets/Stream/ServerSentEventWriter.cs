using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Support.Modules.Triage.Tickets.Streaming;

/// <summary>
/// Writes the <c>text/event-stream</c> format (WHATWG HTML, server-sent events) and flushes each
/// event at once. Hand-written rather than <c>TypedResults.ServerSentEvents</c> because the stream
/// also needs comment lines (the keep-alive), which <c>SseFormatter</c> cannot write.
/// </summary>
internal sealed class ServerSentEventWriter(HttpResponse response, JsonSerializerOptions json, TimeProvider time)
{
    public const string ContentType = "text/event-stream";
    private long _lastWrite = time.GetTimestamp();

    /// <summary>How long since anything was written.</summary>
    public TimeSpan Silence => time.GetElapsedTime(_lastWrite);

    /// <summary>Sends the headers, so the client knows the stream is open before the first event.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";

        // Reverse proxies (nginx) otherwise hold the events back in their buffers.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        _lastWrite = time.GetTimestamp();
    }

    public Task EventAsync<T>(long id, string type, T data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("event: ").Append(type).Append('\n');

        // Compact JSON is one line; should it ever hold line breaks, each line is a data line and the client joins them.
        foreach (var line in JsonSerializer.Serialize(data, json).Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return WriteAsync(text.Append('\n').ToString(), cancellationToken);
    }

    /// <summary>A comment line: ignored by clients, but traffic for the proxies in between.</summary>
    public Task CommentAsync(string comment, CancellationToken cancellationToken) => WriteAsync($": {comment}\n\n", cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        _lastWrite = time.GetTimestamp();
    }
}
