using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Modules.Shared.Json;

namespace Support.Testing;

/// <summary>Small helpers for talking to the API the way a partner's client does.</summary>
public static class Api
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, SupportJson.Options);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, object body) =>
        client.PutAsJsonAsync(path, body, SupportJson.Options);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, object body) =>
        client.PatchAsJsonAsync(path, body, SupportJson.Options);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status is wrong.</summary>
    public static async Task<JsonNode> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static async Task<string> CreateOrganizationAsync(this HttpClient admin, string name = "Acme", string language = "en", string contract = "standard")
    {
        var response = await admin.PostJsonAsync("/api/v1/organizations", new { name, language, contract });
        var body = await response.ExpectAsync(HttpStatusCode.Created);
        return body["id"]!.GetValue<string>();
    }

    public static async Task<string> CreateApiKeyAsync(this HttpClient admin, string role, params string[] organizationIds)
    {
        var response = await admin.PostJsonAsync("/api/v1/api-keys", new { name = $"{role} key", role, organizationIds });
        var body = await response.ExpectAsync(HttpStatusCode.Created);
        return body["key"]!.GetValue<string>();
    }

    /// <summary>Adds a contact (requester) to an organisation and returns it.</summary>
    public static async Task<JsonNode> CreateContactAsync(this HttpClient client, string organizationId, string email, string name = "Jane Doe", string? language = null)
    {
        var response = await client.PostJsonAsync($"/api/v1/organizations/{organizationId}/contacts", new { name, email, language });
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>Walks a paged list from its first page to its last, returning every item in order.</summary>
    public static async Task<List<JsonNode>> ReadAllPagesAsync(this HttpClient client, string path, int limit)
    {
        var items = new List<JsonNode>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? cursor = null;
        do
        {
            var query = cursor is null ? $"limit={limit}" : $"limit={limit}&cursor={Uri.EscapeDataString(cursor)}";
            var page = await (await client.GetAsync($"{path}{separator}{query}")).ExpectAsync(HttpStatusCode.OK);
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return items;
    }

    public static object Ticket(string organizationId, string category = "usage", string priority = "normal", string subject = "The export fails",
        string email = "jane@customer.example", string? reproductionScenario = null, string? queue = null) => new
    {
        organizationId,
        requester = new { email, name = "Jane Doe" },
        subject,
        description = "When I export the monthly report, the application shows an error.",
        category,
        priority,
        channel = "api",
        queue,
        reproductionScenario,
    };

    public static async Task<JsonNode> SubmitTicketAsync(this HttpClient client, object ticket)
    {
        var response = await client.PostJsonAsync("/api/v1/tickets", ticket);
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    public static JsonSerializerOptions Json => SupportJson.Options;
}
