using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Support.Testing;

namespace Support.Modules.Escalation.Tests;

/// <summary>The calls of the escalation tests, as agents, developers, the product team and partners make them.</summary>
internal static class EscalationApi
{
    public static async Task<JsonNode> PostAsync(this HttpClient client, string path, object? body, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync(path, body ?? new { }, Api.Json);
        return await response.ExpectAsync(expected);
    }

    public static Task<JsonNode> TicketActionAsync(this HttpClient client, string ticketId, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        client.PostAsync($"/api/v1/tickets/{ticketId}/{action}", body, expected);

    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(path)).ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonNode> GetTicketAsync(this HttpClient client, string ticketId) => client.GetJsonAsync($"/api/v1/tickets/{ticketId}");

    /// <summary>Triage follows escalation's events: waits until the ticket shows the status.</summary>
    public static Task<JsonNode> TicketInStatusAsync(this HttpClient client, string ticketId, string status) =>
        Eventually.ValueAsync(async () =>
        {
            var ticket = await client.GetTicketAsync(ticketId);
            return ticket.Text("status") == status ? ticket : null;
        }, what: $"ticket {ticketId} to be {status}");

    public static async Task<List<JsonNode>> HistoryAsync(this HttpClient client, string ticketId) =>
        (await client.GetJsonAsync($"/api/v1/tickets/{ticketId}/history?limit=200"))["items"]!.AsArray().Select(e => e!).ToList();

    public static async Task<string> SubmitBugAsync(this HttpClient client, string organizationId, string subject = "Export crashes", string email = "jane@customer.example") =>
        (await client.SubmitTicketAsync(Api.Ticket(organizationId, category: "bug", subject: subject, email: email,
            reproductionScenario: "Open the monthly report, click Export: an error instead of a PDF."))).Id();

    public static async Task<string> SubmitFeatureAsync(this HttpClient client, string organizationId, string subject = "Export to CSV", string email = "jane@customer.example") =>
        (await client.SubmitTicketAsync(Api.Ticket(organizationId, category: "feature", subject: subject, email: email))).Id();

    public static string Text(this JsonNode node, string property) => node[property]!.GetValue<string>();

    public static string Id(this JsonNode node) => node.Text("id");
}
