using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets;

/// <summary>The ticket calls of the lifecycle tests, as a partner's or an agent's client makes them.</summary>
internal static class TicketApi
{
    public static async Task<JsonNode> ChangeAsync(this HttpClient client, string ticketId, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/{action}", body ?? new { }, Api.Json);
        return await response.ExpectAsync(expected);
    }

    public static async Task<JsonNode> GetTicketAsync(this HttpClient client, string ticketId) =>
        await (await client.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);

    public static async Task<List<JsonNode>> HistoryAsync(this HttpClient client, string ticketId) =>
        (await (await client.GetAsync($"/api/v1/tickets/{ticketId}/history?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!
            .AsArray().Select(e => e!).ToList();

    public static async Task<List<JsonNode>> MessagesAsync(this HttpClient client, string ticketId) =>
        (await (await client.GetAsync($"/api/v1/tickets/{ticketId}/messages")).ExpectAsync(HttpStatusCode.OK))["items"]!
            .AsArray().Select(e => e!).ToList();

    public static string Text(this JsonNode node, string property) => node[property]!.GetValue<string>();

    public static string Id(this JsonNode node) => node.Text("id");
}
