using System.Net.Http.Headers;
using System.Text;
using MimeKit;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Email;

/// <summary>Raw messages as mail servers deliver them, and the way in of the mailgate.</summary>
internal static class Mail
{
    public static string Message(
        string from, string to, string subject, string body, string? messageId = null, string? cc = null, string? inReplyTo = null,
        string? extraHeaders = null, DateTimeOffset? date = null)
    {
        var headers = new StringBuilder();
        headers.Append($"From: {from}\r\nTo: {to}\r\n");
        if (cc is not null)
        {
            headers.Append($"Cc: {cc}\r\n");
        }

        headers.Append($"Subject: {subject}\r\nDate: {date ?? DateTimeOffset.UtcNow:r}\r\n");
        headers.Append($"Message-ID: <{messageId ?? $"{Guid.NewGuid():N}@customer.example"}>\r\n");
        if (inReplyTo is not null)
        {
            headers.Append($"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n");
        }

        foreach (var line in (extraHeaders ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            headers.Append(line).Append("\r\n");
        }

        headers.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        return headers + body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n";
    }

    public static Task<HttpResponseMessage> PostEmailAsync(this HttpClient client, string raw) => client.PostEmailAsync(Encoding.UTF8.GetBytes(raw));

    public static Task<HttpResponseMessage> PostEmailAsync(this HttpClient client, byte[] raw)
    {
        var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return client.PostAsync("/api/v1/inbound/email", content);
    }

    /// <summary>The emails the service wrote to its pickup folder.</summary>
    public static IReadOnlyList<MimeMessage> Sent(SupportApiFactory api) =>
        Directory.Exists(api.PickupDirectory) ? Directory.GetFiles(api.PickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList() : [];

    public static Task<MimeMessage> SentAboutAsync(SupportApiFactory api, string number, string? template = null) =>
        Eventually.ValueAsync(() => Task.FromResult(Sent(api).FirstOrDefault(m =>
            m.Subject?.Contains($"[{number}]", StringComparison.Ordinal) == true && (template is null || m.MessageId?.StartsWith(template, StringComparison.Ordinal) == true))),
            what: $"an email about {number}");
}
