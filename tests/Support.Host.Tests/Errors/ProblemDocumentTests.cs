using System.Net;
using System.Text;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Errors;

/// <summary>NF-1: bad input always gets a clear 4xx problem document, never a 500 or an HTML page.</summary>
public sealed class ProblemDocumentTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        _api = new SupportApiFactory(settings: new Dictionary<string, string?> { ["Support:Http:MaxRequestBodyBytes"] = "4096" });
        _admin = _api.Admin();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["type"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
            Assert.That(problem["title"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo((int)status));
            Assert.That(problem["traceId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
        });
        return problem;
    }

    [Test]
    public async Task Given_an_empty_subject_Then_intake_answers_400_naming_the_fields()
    {
        var response = await _admin.PostAsync("/api/v1/tickets", new StringContent("""{"subject":""}""", Encoding.UTF8, "application/json"));

        var problem = await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["errors"]!["subject"], Is.Not.Null);
    }

    [Test]
    public async Task Given_malformed_json_Then_the_answer_is_400()
    {
        var response = await _admin.PostAsync("/api/v1/organizations", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Given_an_unknown_enum_value_Then_the_answer_is_400_pointing_at_the_field()
    {
        var response = await _admin.PostAsync("/api/v1/organizations",
            new StringContent("""{"name":"Acme","language":"de","contract":"standard"}""", Encoding.UTF8, "application/json"));

        var problem = await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("$.language"));
    }

    [Test]
    public async Task Given_a_wrong_content_type_Then_the_answer_is_415()
    {
        var response = await _admin.PostAsync("/api/v1/organizations", new StringContent("name=Acme", Encoding.UTF8, "text/plain"));

        await ExpectProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Given_an_oversized_body_Then_the_answer_is_413()
    {
        var body = $$"""{"name":"{{new string('x', 10_000)}}","language":"en","contract":"standard"}""";

        var response = await _admin.PostAsync("/api/v1/organizations", new StringContent(body, Encoding.UTF8, "application/json"));

        await ExpectProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Given_an_unknown_route_Then_the_answer_is_a_404_problem()
    {
        var response = await _admin.GetAsync("/api/v1/nothing-here");

        await ExpectProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Given_a_wrong_method_Then_the_answer_is_a_405_problem()
    {
        var response = await _admin.DeleteAsync("/api/v1/organizations");

        await ExpectProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Test]
    public async Task Given_an_invalid_page_size_Then_the_answer_is_400()
    {
        var response = await _admin.GetAsync("/api/v1/queue?limit=1000");

        await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Given_a_rejected_ticket_Then_nothing_was_written()
    {
        var organization = await _admin.CreateOrganizationAsync();
        var invalid = Api.Ticket(organization, category: "bug", subject: "Unique subject for the partial-write check");

        await _admin.PostJsonAsync("/api/v1/tickets", invalid);
        var queue = await (await _admin.GetAsync("/api/v1/queue?limit=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.That(queue["items"]!.AsArray().Select(i => i!["subject"]!.GetValue<string>()),
            Does.Not.Contain("Unique subject for the partial-write check"));
    }
}
