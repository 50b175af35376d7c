using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Triage.Tests.Tickets.Attachments;

/// <summary>IN-4: files attached after intake, stored with the ticket, served back only to those allowed.</summary>
public sealed class AttachmentTests
{
    private const int MaxBytes = 10 * 1024 * 1024; // the default Support:Attachments:MaxBytes
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private HttpClient _otherPartner = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory(); // default limits: 1 MiB request bodies, 10 MiB files
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
        var other = await admin.CreateOrganizationAsync("Customer Two");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _organization));
        _otherPartner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", other));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        _otherPartner.Dispose();
        await _api.DisposeAsync();
    }

    private async Task<string> NewTicketAsync() => (await _partner.SubmitTicketAsync(Api.Ticket(_organization))).Id();

    [Test] // IN-4
    public async Task Given_a_file_attached_later_Then_it_is_listed_and_downloads_byte_for_byte_with_safe_headers()
    {
        var id = await NewTicketAsync();
        var screenshot = TestFile.OfSize("écran d'erreur.png", 70_000, "image/png");

        var response = await _partner.UploadAsync(id, screenshot);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var attachment = created["items"]!.AsArray().Single()!;
        var download = await _partner.GetAsync(response.Headers.Location);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var ticket = await _partner.GetTicketAsync(id);
        var list = await (await _partner.GetAsync($"/api/v1/tickets/{id}/attachments")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/tickets/{id}/attachments/{attachment.Id()}"));
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"2\""), "the attachment is a change of the ticket");
            Assert.That(attachment.Text("fileName"), Is.EqualTo("écran d'erreur.png"));
            Assert.That(attachment.Text("contentType"), Is.EqualTo("image/png"));
            Assert.That(attachment["size"]!.GetValue<long>(), Is.EqualTo(70_000));
            Assert.That(attachment.Text("sha256"), Is.EqualTo(screenshot.Sha256));
            Assert.That(attachment.Text("visibility"), Is.EqualTo("public"));
            Assert.That(attachment.Text("author"), Is.EqualTo("requester"));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Multipart.Sha256(bytes), Is.EqualTo(screenshot.Sha256), "the download is the upload, byte for byte");
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
            Assert.That(download.Content.Headers.ContentLength, Is.EqualTo(70_000));
            Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(download.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("écran d'erreur.png"));
            Assert.That(download.Content.Headers.GetValues("Content-Disposition").Single(), Does.Contain("filename*=UTF-8''"));
            Assert.That(download.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(ticket["attachments"]!.AsArray().Select(a => a!.Id()), Is.EqualTo(new[] { attachment.Id() }));
            Assert.That(list["items"]!.AsArray().Select(a => a!.Text("sha256")), Is.EqualTo(new[] { screenshot.Sha256 }));
        });
    }

    [Test] // IN-4: any part name, several files at once, one change each
    public async Task Given_several_files_in_one_request_Then_each_is_stored_and_the_location_is_the_list()
    {
        var id = await NewTicketAsync();
        var log = TestFile.Text("app.log", "2024-05-02 ERROR export failed\n", "application/octet-stream", part: "logs");
        var csv = TestFile.Text("export.csv", "a,b\n1,2\n", "text/csv", part: "data");

        var response = await _agent.UploadAsync(id, log, csv);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var history = await _agent.HistoryAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/tickets/{id}/attachments"));
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"3\""));
            Assert.That(created["items"]!.AsArray().Select(a => a!.Text("fileName")), Is.EqualTo(new[] { "app.log", "export.csv" }));
            Assert.That(created["items"]![0]!.Text("contentType"), Is.EqualTo("text/plain"), "a .log sent as octet-stream is kept as text");
            Assert.That(created["items"]![0]!.Text("author"), Is.EqualTo("support"));
            Assert.That(history.Count(e => e.Text("type") == "attachment_added"), Is.EqualTo(2));
            Assert.That(history.Last()["data"]!.Text("sha256"), Is.EqualTo(csv.Sha256));
        });
    }

    [Test] // IN-4: the body limit is 1 MiB, but files may be 10 MiB
    public async Task Given_a_5_MB_file_Then_it_is_accepted_though_other_requests_are_limited_to_1_MiB()
    {
        var id = await NewTicketAsync();
        var dump = TestFile.OfSize("dump.zip", 5 * 1024 * 1024);

        var upload = await _partner.UploadAsync(id, dump);
        var created = await upload.ExpectAsync(HttpStatusCode.Created);
        var bytes = await (await _partner.GetAsync(upload.Headers.Location)).Content.ReadAsByteArrayAsync();
        var bigMessage = await _partner.PostAsync($"/api/v1/tickets/{id}/messages",
            new StringContent($$"""{"body":"{{new string('x', 2 * 1024 * 1024)}}"}""", Encoding.UTF8, "application/json"));

        Assert.Multiple(() =>
        {
            Assert.That(created["items"]![0]!.Text("sha256"), Is.EqualTo(dump.Sha256));
            Assert.That(Multipart.Sha256(bytes), Is.EqualTo(dump.Sha256));
            Assert.That(bigMessage.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), "the raised limit is for attachments only");
        });
    }

    [Test] // IN-4, NF-1: a clear error, and nothing stored
    public async Task Given_a_file_over_the_limit_Then_the_answer_is_413_naming_it_and_nothing_is_stored()
    {
        var id = await NewTicketAsync();
        var small = TestFile.Text("first.txt", "fine");
        var huge = TestFile.OfSize("huge.zip", MaxBytes + 1);

        var response = await _partner.UploadAsync(id, small, huge);
        var problem = await response.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        var ticket = await _partner.GetTicketAsync(id);

        Assert.Multiple(async () =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem.Text("detail"), Does.Contain("huge.zip").And.Contain("10 MiB").And.Contain(MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(problem.Text("fileName"), Is.EqualTo("huge.zip"));
            Assert.That(problem["maxBytes"]!.GetValue<long>(), Is.EqualTo(MaxBytes));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(1), "the ticket did not change");
            Assert.That(ticket["attachments"]!.AsArray(), Is.Empty);
            Assert.That(await _api.StoredAttachmentsAsync(id), Is.Zero, "not even the first, valid file was stored");
        });
    }

    [Test] // IN-4
    public async Task Given_a_type_not_accepted_Then_the_answer_is_415_naming_it_and_the_accepted_ones()
    {
        var id = await NewTicketAsync();

        var exe = await _partner.UploadAsync(id, new TestFile("setup.exe", "application/octet-stream", [0x4d, 0x5a, 0x90]));
        var html = await _partner.UploadAsync(id, TestFile.Text("page.html", "<script>alert(1)</script>", "text/html"));
        var problem = await exe.ExpectAsync(HttpStatusCode.UnsupportedMediaType);
        var htmlProblem = await html.ExpectAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Multiple(async () =>
        {
            Assert.That(problem.Text("detail"), Does.Contain("setup.exe").And.Contain("application/octet-stream").And.Contain("image/png"));
            Assert.That(problem.Text("contentType"), Is.EqualTo("application/octet-stream"));
            Assert.That(problem["allowedContentTypes"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("application/pdf"));
            Assert.That(htmlProblem.Text("contentType"), Is.EqualTo("text/html"));
            Assert.That((await _partner.GetTicketAsync(id))["version"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(await _api.StoredAttachmentsAsync(id), Is.Zero);
        });
    }

    [Test] // IN-4, NF-1
    public async Task Given_an_empty_file_no_file_too_many_files_or_no_multipart_Then_the_answer_is_a_4xx_problem()
    {
        var id = await NewTicketAsync();

        var empty = await _partner.UploadAsync(id, new TestFile("empty.txt", "text/plain", []));
        var none = await _partner.PostAsync($"/api/v1/tickets/{id}/attachments", Multipart.Form([], new Dictionary<string, string> { ["visibility"] = "public" }));
        var json = await _partner.PostJsonAsync($"/api/v1/tickets/{id}/attachments", new { file = "aGVsbG8=" });
        var badVisibility = await _agent.UploadAsync(id, "secret", TestFile.Text("a.txt", "a"));
        var tooMany = await _agent.UploadAsync(id, Enumerable.Range(1, 21).Select(i => TestFile.Text($"{i}.txt", "x")).ToArray());

        Assert.Multiple(async () =>
        {
            Assert.That((await empty.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["file"]!.ToJsonString(), Does.Contain("empty.txt"));
            Assert.That((await none.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["files"], Is.Not.Null);
            Assert.That((await json.ExpectAsync(HttpStatusCode.UnsupportedMediaType)).Text("detail"), Does.Contain("multipart/form-data"));
            Assert.That((await badVisibility.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["visibility"], Is.Not.Null);
            Assert.That((await tooMany.ExpectAsync(HttpStatusCode.BadRequest)).Text("detail"), Does.Contain("at most 20 files"));
            Assert.That(await _api.StoredAttachmentsAsync(id), Is.Zero);
        });
    }

    [Test] // IN-4: no path, no control or invisible characters
    public async Task Given_a_file_name_with_a_path_and_control_characters_Then_only_its_clean_name_is_kept()
    {
        var id = await NewTicketAsync();

        var response = await _agent.UploadAsync(id, TestFile.Text("..\\..\\etc/secret/re\u0001port\u202E.txt", "content"));
        var attachment = (await response.ExpectAsync(HttpStatusCode.Created))["items"]![0]!;

        Assert.That(attachment.Text("fileName"), Is.EqualTo("report.txt"));
    }

    [Test] // NF-3
    public async Task Given_a_partner_of_another_organisation_Then_the_ticket_and_its_files_are_404()
    {
        var id = await NewTicketAsync();
        var file = (await (await _partner.UploadAsync(id, TestFile.Text("notes.txt", "private"))).ExpectAsync(HttpStatusCode.Created))["items"]![0]!;

        var upload = await _otherPartner.UploadAsync(id, TestFile.Text("intruder.txt", "x"));
        var list = await _otherPartner.GetAsync($"/api/v1/tickets/{id}/attachments");
        var download = await _otherPartner.GetAsync(file.Text("url"));

        Assert.Multiple(async () =>
        {
            Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await _api.StoredAttachmentsAsync(id), Is.EqualTo(1));
        });
    }

    [Test] // TR-7, NF-3: internal files are for staff
    public async Task Given_an_internal_file_Then_partners_never_see_it_in_the_list_the_ticket_the_download_or_the_history()
    {
        var id = await NewTicketAsync();
        var internalFile = (await (await _agent.UploadAsync(id, "internal", TestFile.Text("analysis.txt", "customer DB is corrupt")))
            .ExpectAsync(HttpStatusCode.Created))["items"]![0]!;
        await (await _agent.UploadAsync(id, TestFile.Text("fix.txt", "run the repair tool"))).ExpectAsync(HttpStatusCode.Created);
        var partnerInternal = await _partner.UploadAsync(id, "internal", TestFile.Text("mine.txt", "x"));

        var partnerList = await (await _partner.GetAsync($"/api/v1/tickets/{id}/attachments")).ExpectAsync(HttpStatusCode.OK);
        var staffList = await (await _agent.GetAsync($"/api/v1/tickets/{id}/attachments")).ExpectAsync(HttpStatusCode.OK);
        var partnerTicket = await _partner.GetTicketAsync(id);
        var partnerDownload = await _partner.GetAsync(internalFile.Text("url"));
        var staffDownload = await _agent.GetAsync(internalFile.Text("url"));
        var partnerHistory = await _partner.HistoryAsync(id);
        var staffHistory = await _agent.HistoryAsync(id);

        static IEnumerable<string> Names(JsonNode? items) => items!.AsArray().Select(a => a!.Text("fileName"));
        Assert.Multiple(async () =>
        {
            Assert.That(internalFile.Text("visibility"), Is.EqualTo("internal"));
            Assert.That(partnerInternal.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "partners attach public files only");
            Assert.That(Names(partnerList["items"]), Is.EqualTo(new[] { "fix.txt" }));
            Assert.That(Names(staffList["items"]), Is.EqualTo(new[] { "analysis.txt", "fix.txt" }));
            Assert.That(Names(partnerTicket["attachments"]), Is.EqualTo(new[] { "fix.txt" }));
            Assert.That(partnerTicket["attachments"]![0]!["by"], Is.Null, "who on the support side stays internal");
            Assert.That(partnerDownload.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(Encoding.UTF8.GetString(await staffDownload.Content.ReadAsByteArrayAsync()), Is.EqualTo("customer DB is corrupt"));
            Assert.That(partnerHistory.Where(e => e.Text("type") == "attachment_added").Select(e => e["data"]!.Text("fileName")), Is.EqualTo(new[] { "fix.txt" }));
            Assert.That(staffHistory.Count(e => e.Text("type") == "attachment_added"), Is.EqualTo(2));
            Assert.That(await _api.StoredAttachmentsAsync(id), Is.EqualTo(2), "the refused partner upload stored nothing");
        });
    }

    [Test] // TR-3, NF-2
    public async Task Given_a_closed_ticket_or_a_stale_if_match_Then_no_file_is_stored()
    {
        var id = await NewTicketAsync();
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{id}/attachments") { Content = Multipart.Form([TestFile.Text("a.txt", "a")]) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        var staleResponse = await _agent.SendAsync(stale);
        await _agent.ChangeAsync(id, "resolution", new { resolution = "solved", note = "Done." });
        await _agent.ChangeAsync(id, "close");

        var closed = await _partner.UploadAsync(id, TestFile.Text("late.txt", "too late"));

        Assert.Multiple(async () =>
        {
            Assert.That((await staleResponse.ExpectAsync(HttpStatusCode.PreconditionFailed))["currentVersion"]!.GetValue<int>(), Is.EqualTo(1));
            var problem = await closed.ExpectAsync(HttpStatusCode.Conflict);
            Assert.That(problem.Text("currentStatus"), Is.EqualTo("closed"));
            Assert.That(problem.Text("detail"), Does.Contain("attach a file"));
            Assert.That(await _api.StoredAttachmentsAsync(id), Is.Zero);
        });
    }

    [Test] // API contract: the upload and the download are declared
    public async Task Given_the_openapi_document_Then_it_declares_the_multipart_upload_and_the_binary_download()
    {
        var document = JsonNode.Parse(await _api.ClientWithKey(null).GetStringAsync("/openapi/v1.json"))!;
        var upload = document["paths"]!["/api/v1/tickets/{id}/attachments"]!["post"]!;
        var download = document["paths"]!["/api/v1/tickets/{id}/attachments/{attachmentId}"]!["get"]!;

        Assert.Multiple(() =>
        {
            var form = upload["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
            Assert.That(form["properties"]!["files"]!["items"]!["format"]!.GetValue<string>(), Is.EqualTo("binary"));
            Assert.That(form["properties"]!["visibility"], Is.Not.Null);
            foreach (var code in new[] { "201", "400", "403", "404", "409", "412", "413", "415" })
            {
                Assert.That(upload["responses"]![code], Is.Not.Null, code);
            }

            // Any media type: a file is served with the type it was stored with (text/plain, image/png, …).
            var binary = download["responses"]!["200"]!["content"]!["*/*"]!["schema"]!;
            Assert.That(binary["format"]!.GetValue<string>(), Is.EqualTo("binary"));
            Assert.That(download["responses"]!["404"], Is.Not.Null);
        });
    }
}

/// <summary>IN-4 over a real Kestrel server: the server's own 1 MiB body limit is raised for attachments only.</summary>
public sealed class AttachmentOverKestrelTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        _api.UseKestrel(0); // 127.0.0.1, on a free port
        using var admin = Client(SupportApiFactory.AdminKey);
        _organization = await admin.CreateOrganizationAsync("Customer One");
        _agent = Client(await admin.CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>A client of the Kestrel server (the factory's default client options would point at the test server's address).</summary>
    private HttpClient Client(string key)
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Test] // IN-4
    public async Task Given_a_5_MB_file_over_http_Then_kestrel_accepts_it_while_other_bodies_stay_limited()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization))).Id();
        var dump = TestFile.OfSize("dump.zip", 5 * 1024 * 1024);

        var upload = await _agent.UploadAsync(id, dump);
        var created = await upload.ExpectAsync(HttpStatusCode.Created);
        var download = await _agent.GetAsync(upload.Headers.Location);
        var bytes = await download.Content.ReadAsByteArrayAsync();

        // Chunked, so that no Content-Length lets the host refuse it up front: Kestrel's own limit stops it.
        using var bigMessage = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{id}/messages")
        {
            Content = new StringContent($$"""{"body":"{{new string('x', 2 * 1024 * 1024)}}"}""", Encoding.UTF8, "application/json"),
        };
        bigMessage.Headers.TransferEncodingChunked = true;
        var refused = await _agent.SendAsync(bigMessage);

        Assert.Multiple(() =>
        {
            Assert.That(_agent.BaseAddress?.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(created["items"]![0]!.Text("sha256"), Is.EqualTo(dump.Sha256));
            Assert.That(Multipart.Sha256(bytes), Is.EqualTo(dump.Sha256));
            Assert.That(download.Content.Headers.ContentLength, Is.EqualTo(dump.Content.Length));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), "Kestrel's 1 MiB limit still holds elsewhere");
        });
    }
}
