using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.CustomerEmails;

/// <summary>The calls and mailbox reads of the email tests.</summary>
internal static class MailApi
{
    public static Dictionary<string, string?> SmtpSettings(SmtpSink smtp) => new()
    {
        ["Support:Mail:Smtp:Host"] = "127.0.0.1",
        ["Support:Mail:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Support:Mail:From"] = "Acme Support <support@acme.example>",
        ["Support:Mail:TicketUrl"] = "https://support.acme.example/tickets/{number}",
    };

    public static async Task<JsonNode> ActAsync(this HttpClient client, string ticketId, string action, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/{action}", body ?? new { }, Api.Json)).ExpectAsync(expected);

    public static async Task<JsonNode> MessageAsync(this HttpClient client, string ticketId, string body, string visibility = "public") =>
        await (await client.PostJsonAsync($"/api/v1/tickets/{ticketId}/messages", new { body, visibility })).ExpectAsync(HttpStatusCode.Created);

    public static string Id(this JsonNode node) => node["id"]!.GetValue<string>();

    public static List<MimeMessage> To(this SmtpSink smtp, string address) =>
        smtp.Messages().Where(m => m.To.Mailboxes.Any(a => a.Address == address)).OrderBy(m => m.Date).ToList();

    /// <summary>Waits until the address has received this many emails (and gives a duplicate a moment to show up).</summary>
    public static async Task<List<MimeMessage>> WaitForAsync(this SmtpSink smtp, string address, int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(smtp.To(address).Count >= count), what: $"{count} emails to {address}");
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        return smtp.To(address);
    }

    /// <summary>The template an email was made from, read from its Message-ID: <c>ticket-{id}@…</c> roots the thread, <c>{template}-{event id}@…</c> the others.</summary>
    public static string Template(this MimeMessage message)
    {
        var local = (message.MessageId ?? "").Split('@')[0];
        return local.StartsWith("ticket-", StringComparison.Ordinal) && local.Length == "ticket-".Length + 32 ? "ticket-opened" : local[..local.LastIndexOf('-')];
    }
}
