using System.Net;
using System.Text.Json.Nodes;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>The webhook calls of the tests, as partners and administrators make them.</summary>
internal static class WebhookApi
{
    public static async Task<JsonNode> RegisterWebhookAsync(this HttpClient client, string url, string[]? events = null, string? secret = null) =>
        await (await client.PostJsonAsync("/api/v1/webhooks", new { url, events = events ?? ["*"], secret })).ExpectAsync(HttpStatusCode.Created);

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);

    public static async Task<List<JsonNode>> DeliveriesAsync(this HttpClient client, string webhookId, string? status = null) =>
        (await client.GetJsonAsync($"/api/v1/webhooks/{webhookId}/deliveries?limit=200{(status is null ? "" : $"&status={status}")}"))["items"]!
            .AsArray().Select(d => d!).ToList();

    /// <summary>Waits until the webhook's delivery for this event type and ticket is in the status.</summary>
    public static Task<JsonNode> DeliveryInStatusAsync(this HttpClient client, string webhookId, string ticketId, string eventType, string status, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(async () => (await client.DeliveriesAsync(webhookId))
                .FirstOrDefault(d => d.Text("ticketId") == ticketId && d.Text("eventType") == eventType && d.Text("status") == status),
            timeout, $"the {eventType} delivery of ticket {ticketId} to be {status}");

    public static string Text(this JsonNode node, string property) => node[property]!.GetValue<string>();

    public static string Id(this JsonNode node) => node.Text("id");
}
