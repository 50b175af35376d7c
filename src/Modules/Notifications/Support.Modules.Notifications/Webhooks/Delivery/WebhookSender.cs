using System.Net;
using System.Text;
using Support.Modules.Notifications.Webhooks.Deliveries;

namespace Support.Modules.Notifications.Webhooks.Delivery;

/// <summary>Posts one delivery, signed, and says how it went; never throws for the receiver's faults.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const string EventHeader = "Support-Event";
    public const string DeliveryHeader = "Support-Delivery";
    public const string SignatureHeader = "Support-Signature";
    private const int MaxErrorLength = 500;

    public async Task<DeliveryAttempt> SendAsync(WebhookDelivery delivery, Webhook webhook, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(EventHeader, delivery.EventType);
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString());
        request.Headers.Add(SignatureHeader, WebhookSecrets.Signature(at.ToUnixTimeSeconds(), delivery.Body, webhook.SigningSecrets(at)));

        int? status = null;
        string? error;
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"The receiver answered {status} {ReasonOf(response.StatusCode)}.";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "No answer in time.";
        }
        catch (HttpRequestException exception)
        {
            error = Describe(exception);
        }

        return new DeliveryAttempt
        {
            At = at,
            StatusCode = status,
            Error = error,
            DurationMs = (long)clock.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    private static string ReasonOf(HttpStatusCode status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)status) is { Length: > 0 } phrase ? phrase : "";

    private static string Describe(HttpRequestException exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is WebhookTargetRefusedException refused)
            {
                return refused.Message;
            }
        }

        var message = exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message;
        return message.Length <= MaxErrorLength ? message : message[..MaxErrorLength];
    }
}
