using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Intake.Contracts;
using Support.Testing;

namespace Support.Modules.Intake.Tests.Tickets;

/// <summary>IN-4 at intake: a ticket and its files in one multipart request, stored in one transaction.</summary>
public sealed class SubmitTicketWithAttachmentsTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _agent = null!;
    private HttpClient _partner = null!;
    private string _organization = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _api = new SupportApiFactory();
        var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync("Customer One");
        _agent = _api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _organization));
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _agent.Dispose();
        _partner.Dispose();
        await _api.DisposeAsync();
    }

    private static MultipartFormDataContent Submission(object? ticket, params TestFile[] files)
    {
        var form = Multipart.Form(files);
        if (ticket is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(ticket, Api.Json), Encoding.UTF8, "application/json"), "ticket");
        }

        return form;
    }

    private async Task<IReadOnlyList<string>> SubjectsAsync()
    {
        var list = await (await _agent.GetAsync($"/api/v1/tickets?organizationId={_organization}&limit=200")).ExpectAsync(HttpStatusCode.OK);
        return list["items"]!.AsArray().Select(t => t!["subject"]!.GetValue<string>()).ToList();
    }

    private async Task<long> AllStoredAttachmentsAsync()
    {
        await using var session = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.QueryAsync<long>("select count(*) from attachments.attachment"))[0];
    }

    [Test] // IN-4, IN-6
    public async Task Given_a_ticket_with_files_Then_it_opens_with_them_from_its_first_version()
    {
        var screenshot = TestFile.OfSize("error.png", 200_000, "image/png", part: "screenshot");
        var log = TestFile.Text("server.log", "ERROR NullReferenceException at Export()\n", "application/octet-stream", part: "log");

        var response = await _partner.PostAsync("/api/v1/tickets", Submission(Api.Ticket(_organization, subject: "Export fails, see files"), screenshot, log));
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var ticket = await (await _partner.GetAsync($"/api/v1/tickets/{id}")).ExpectAsync(HttpStatusCode.OK);
        var attachments = ticket["attachments"]!.AsArray().Select(a => a!).ToList();
        var downloaded = await _partner.GetByteArrayAsync(attachments[0]["url"]!.GetValue<string>());
        var history = await (await _partner.GetAsync($"/api/v1/tickets/{id}/history")).ExpectAsync(HttpStatusCode.OK);
        await using var session = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var submitted = (await session.Events.FetchStreamAsync(Guid.Parse(id))).Single().Data as TicketSubmitted;

        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/tickets/{id}"));
            Assert.That(created["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()), Is.EqualTo(new[] { "error.png", "server.log" }));
            Assert.That(ticket["version"]!.GetValue<int>(), Is.EqualTo(1), "the files come with the opening, not as a later change");
            Assert.That(attachments.Select(a => a["sha256"]!.GetValue<string>()), Is.EqualTo(new[] { screenshot.Sha256, log.Sha256 }));
            Assert.That(attachments.Select(a => a["visibility"]!.GetValue<string>()), Has.All.EqualTo("public"));
            Assert.That(attachments[1]["contentType"]!.GetValue<string>(), Is.EqualTo("text/plain"));
            Assert.That(Multipart.Sha256(downloaded), Is.EqualTo(screenshot.Sha256));
            Assert.That(history["items"]![0]!["data"]!["attachments"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(submitted!.Attachments!.Select(a => a.FileName), Is.EqualTo(new[] { "error.png", "server.log" }));
            Assert.That(submitted.Attachments!.Select(a => a.Size), Is.EqualTo(new long[] { 200_000, log.Content.Length }));
        });
    }

    [Test] // IN-4: curl -F ticket=@ticket.json sends the ticket as a file part
    public async Task Given_the_ticket_part_sent_as_a_file_Then_it_is_read_as_the_ticket_and_not_attached()
    {
        var ticket = new TestFile("ticket.json", "application/json",
            JsonSerializer.SerializeToUtf8Bytes(Api.Ticket(_organization, subject: "Sent with curl"), Api.Json), Part: "ticket");

        var created = await (await _agent.PostAsync("/api/v1/tickets", Multipart.Form([ticket, TestFile.Text("notes.txt", "see above")])))
            .ExpectAsync(HttpStatusCode.Created);

        Assert.Multiple(() =>
        {
            Assert.That(created["subject"]!.GetValue<string>(), Is.EqualTo("Sent with curl"));
            Assert.That(created["attachments"]!.AsArray().Select(a => a!["fileName"]!.GetValue<string>()), Is.EqualTo(new[] { "notes.txt" }));
        });
    }

    [Test] // IN-4, NF-1: a rejected file opens no ticket and stores nothing
    public async Task Given_a_file_too_large_or_of_a_refused_type_Then_no_ticket_is_opened_and_nothing_is_stored()
    {
        var before = await AllStoredAttachmentsAsync();

        var tooLarge = await _agent.PostAsync("/api/v1/tickets",
            Submission(Api.Ticket(_organization, subject: "Rejected: too large"), TestFile.Text("ok.txt", "fine"), TestFile.OfSize("big.zip", 10 * 1024 * 1024 + 1)));
        var refusedType = await _agent.PostAsync("/api/v1/tickets",
            Submission(Api.Ticket(_organization, subject: "Rejected: type"), TestFile.Text("page.svg", "<svg onload=alert(1)/>", "image/svg+xml")));

        var large = await tooLarge.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        var type = await refusedType.ExpectAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Multiple(async () =>
        {
            Assert.That(large["detail"]!.GetValue<string>(), Does.Contain("big.zip").And.Contain("10485760"));
            Assert.That(type["detail"]!.GetValue<string>(), Does.Contain("image/svg+xml").And.Contain("image/png"));
            Assert.That(await SubjectsAsync(), Has.None.StartsWith("Rejected:"));
            Assert.That(await AllStoredAttachmentsAsync(), Is.EqualTo(before));
        });
    }

    [Test] // IN-3, NF-1: the ticket part is validated as the JSON body is
    public async Task Given_an_invalid_ticket_part_Then_the_answer_is_400_and_nothing_is_stored()
    {
        var before = await AllStoredAttachmentsAsync();
        var file = TestFile.Text("steps.txt", "click export");

        var bug = await _agent.PostAsync("/api/v1/tickets", Submission(Api.Ticket(_organization, category: "bug", subject: "Rejected: no scenario"), file));
        var missing = await _agent.PostAsync("/api/v1/tickets", Submission(null, file));
        var malformed = await _agent.PostAsync("/api/v1/tickets", new MultipartFormDataContent { { new StringContent("{\"subject\": ", Encoding.UTF8, "application/json"), "ticket" } });

        Assert.Multiple(async () =>
        {
            Assert.That((await bug.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["reproductionScenario"], Is.Not.Null);
            Assert.That((await missing.ExpectAsync(HttpStatusCode.BadRequest))["errors"]!["ticket"], Is.Not.Null);
            Assert.That((await malformed.ExpectAsync(HttpStatusCode.BadRequest))["title"]!.GetValue<string>(), Is.EqualTo("Malformed JSON"));
            Assert.That(await SubjectsAsync(), Has.None.StartsWith("Rejected:"));
            Assert.That(await AllStoredAttachmentsAsync(), Is.EqualTo(before));
        });
    }

    [Test] // IN-1: JSON submissions keep working as they did
    public async Task Given_a_json_submission_or_no_body_Then_intake_answers_as_before()
    {
        var created = await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: "Plain JSON"));
        var noBody = await _agent.PostAsync("/api/v1/tickets", null);
        var text = await _agent.PostAsync("/api/v1/tickets", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Multiple(async () =>
        {
            Assert.That(created["attachments"]!.AsArray(), Is.Empty);
            Assert.That(noBody.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await noBody.Content.ReadAsStringAsync());
            Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        });
    }

    [Test] // ADR 0006: TicketSubmitted only grows; history stored before attachments stays readable
    public async Task Given_a_ticket_opened_before_attachments_existed_Then_its_history_and_stream_still_read()
    {
        var id = (await _agent.SubmitTicketAsync(Api.Ticket(_organization, subject: "From the old days")))["id"]!.GetValue<string>();
        await using (var session = _api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.QueueSqlCommand("update events.mt_events set data = data - 'attachments' where stream_id = ?", Guid.Parse(id));
            await session.SaveChangesAsync();
        }

        await using var query = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var submitted = (await query.Events.FetchStreamAsync(Guid.Parse(id))).Single().Data as TicketSubmitted;
        var history = await (await _agent.GetAsync($"/api/v1/tickets/{id}/history")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(submitted!.Subject, Is.EqualTo("From the old days"));
            Assert.That(submitted.Attachments, Is.Null);
            Assert.That(history["items"]![0]!["data"]!["attachments"], Is.InstanceOf<JsonArray>().And.Empty);
        });
    }
}
