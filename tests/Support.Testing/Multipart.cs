using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Support.Testing;

/// <summary>A file as a client attaches it: its part name, its file name, its declared type and its bytes.</summary>
public sealed record TestFile(string FileName, string? ContentType, byte[] Content, string Part = "file")
{
    public static TestFile Text(string fileName, string text, string? contentType = "text/plain", string part = "file") =>
        new(fileName, contentType, Encoding.UTF8.GetBytes(text), part);

    /// <summary>A file of <paramref name="size"/> pseudo-random bytes (the same for the same size).</summary>
    public static TestFile OfSize(string fileName, int size, string contentType = "application/zip", string part = "file")
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        return new TestFile(fileName, contentType, content, part);
    }

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>Multipart requests, as a partner's client sends files (IN-4).</summary>
public static class Multipart
{
    public static MultipartFormDataContent Form(IEnumerable<TestFile> files, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }

        foreach (var file in files)
        {
            var content = new ByteArrayContent(file.Content);
            if (file.ContentType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            }

            // filename* carries any character, as browsers and HTTP clients send names that are not ASCII.
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = $"\"{file.Part}\"", FileNameStar = file.FileName };
            form.Add(content);
        }

        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string ticketId, params TestFile[] files) =>
        client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(files));

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string ticketId, string visibility, params TestFile[] files) =>
        client.PostAsync($"/api/v1/tickets/{ticketId}/attachments", Form(files, new Dictionary<string, string> { ["visibility"] = visibility }));

    /// <summary>How many attachments' contents the database holds for this ticket.</summary>
    public static async Task<long> StoredAttachmentsAsync(this SupportApiFactory api, string ticketId)
    {
        await using var session = api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var counts = await session.QueryAsync<long>("select count(*) from attachments.attachment where owner_id = ?", CancellationToken.None, Guid.Parse(ticketId));
        return counts[0];
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
