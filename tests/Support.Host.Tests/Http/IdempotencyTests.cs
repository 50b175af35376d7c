using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Carter;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Host.Idempotency;
using Support.Testing;

namespace Support.Host.Tests.Http;

/// <summary>IN-7: every POST honours an optional Idempotency-Key; a retry never writes twice.</summary>
public sealed class IdempotencyTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public void StartHost()
    {
        _api = new SupportApiFactory(
            settings: new Dictionary<string, string?> { ["Support:Http:MaxRequestBodyBytes"] = $"{16 * 1024 * 1024}" },
            services: services => services.AddSingleton<ICarterModule, ProbeEndpoints>());
        _admin = _api.Admin();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    private static string NewKey() => Guid.NewGuid().ToString();

    private static object Organization(string name) => new { name, language = "en", contract = "standard" };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Api.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyMiddleware.HeaderName, idempotencyKey);
        }

        return client.SendAsync(request);
    }

    private async Task<int> CountAsync(string sql, params object[] parameters)
    {
        await using var session = _api.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.QueryAsync<int>(sql, parameters)).Single();
    }

    private Task<int> OrganizationsNamedAsync(string name) =>
        CountAsync("select count(*)::int from intake.mt_doc_organization where data ->> 'name' = ?", name);

    private Task<int> ProbeWritesLabelledAsync(string label) =>
        CountAsync("select count(*)::int from support.mt_doc_probewrite where data ->> 'label' = ?", label);

    private static bool IsReplay(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyMiddleware.ReplayedHeaderName, out var values) && values.Single() == "true";

    private static async Task<JsonNode> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["type"]?.GetValue<string>(), Is.EqualTo(type));
            Assert.That(problem["detail"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty);
        });
        return problem;
    }

    [Test]
    public async Task Given_the_same_key_and_body_twice_Then_the_first_answer_is_replayed_and_one_organization_exists()
    {
        var key = NewKey();
        var name = $"Replayed {key}";

        var first = await PostAsync(_admin, "/api/v1/organizations", Organization(name), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        var second = await PostAsync(_admin, "/api/v1/organizations", Organization(name), key);
        var secondBody = await second.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), firstBody);
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), secondBody);
            Assert.That(secondBody, Is.EqualTo(firstBody));
            Assert.That(second.Headers.Location, Is.EqualTo(first.Headers.Location));
            Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(IsReplay(first), Is.False);
            Assert.That(IsReplay(second), Is.True);
        });
        var firstRead = await (await _admin.GetAsync(first.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
        var secondRead = await (await _admin.GetAsync(second.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(secondRead.ToJsonString(), Is.EqualTo(firstRead.ToJsonString()));
            Assert.That(JsonNode.Parse(secondBody)!["id"]!.GetValue<string>(), Is.EqualTo(firstRead["id"]!.GetValue<string>()));
            Assert.That(await OrganizationsNamedAsync(name), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Given_the_same_key_with_a_different_body_Then_the_answer_is_422_and_nothing_is_written()
    {
        var key = NewKey();
        await (await PostAsync(_admin, "/api/v1/organizations", Organization($"First {key}"), key)).ExpectAsync(HttpStatusCode.Created);

        var reused = await PostAsync(_admin, "/api/v1/organizations", Organization($"Second {key}"), key);

        await ExpectProblemAsync(reused, HttpStatusCode.UnprocessableEntity, "https://support.example/problems/idempotency-key-reused");
        Assert.That(await OrganizationsNamedAsync($"Second {key}"), Is.Zero);
    }

    [Test]
    public async Task Given_no_key_Then_two_identical_posts_create_two_organizations()
    {
        var name = $"Unkeyed {NewKey()}";

        var first = await (await PostAsync(_admin, "/api/v1/organizations", Organization(name), null)).ExpectAsync(HttpStatusCode.Created);
        var second = await (await PostAsync(_admin, "/api/v1/organizations", Organization(name), null)).ExpectAsync(HttpStatusCode.Created);

        Assert.That(second["id"]!.GetValue<string>(), Is.Not.EqualTo(first["id"]!.GetValue<string>()));
        Assert.That(await OrganizationsNamedAsync(name), Is.EqualTo(2));
    }

    [Test]
    public async Task Given_two_api_keys_using_the_same_idempotency_key_Then_each_gets_its_own_organization()
    {
        using var first = _api.ClientWithKey(await _admin.CreateApiKeyAsync("admin"));
        using var second = _api.ClientWithKey(await _admin.CreateApiKeyAsync("admin"));
        var key = NewKey();
        var name = $"Per caller {key}";

        var one = await PostAsync(first, "/api/v1/organizations", Organization(name), key);
        var other = await PostAsync(second, "/api/v1/organizations", Organization(name), key);

        var oneBody = await one.ExpectAsync(HttpStatusCode.Created);
        var otherBody = await other.ExpectAsync(HttpStatusCode.Created);
        Assert.Multiple(async () =>
        {
            Assert.That(IsReplay(other), Is.False);
            Assert.That(otherBody["id"]!.GetValue<string>(), Is.Not.EqualTo(oneBody["id"]!.GetValue<string>()));
            Assert.That(await OrganizationsNamedAsync(name), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Given_ten_concurrent_requests_with_one_key_Then_exactly_one_writes_and_the_others_replay_or_answer_409()
    {
        var key = NewKey();
        var name = $"Concurrent {key}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => PostAsync(_admin, "/api/v1/organizations", Organization(name), key)));

        await AssertOneWriteAsync(responses);
        Assert.That(await OrganizationsNamedAsync(name), Is.EqualTo(1));
    }

    [Test]
    public async Task Given_concurrent_requests_that_all_pass_the_first_check_Then_the_commit_decides_and_none_fails()
    {
        // The handler waits before committing, so every request finds no record and inserts its own:
        // PostgreSQL's unique key lets one commit, the others' transactions roll back.
        var key = NewKey();
        var label = $"slow {key}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => PostAsync(_admin, "/api/v1/probes/slow", new { label }, key)));

        await AssertOneWriteAsync(responses);
        Assert.That(await ProbeWritesLabelledAsync(label), Is.EqualTo(1));
    }

    private static async Task AssertOneWriteAsync(HttpResponseMessage[] responses)
    {
        var answers = new List<string>();
        foreach (var response in responses)
        {
            answers.Add($"{(int)response.StatusCode} replayed={IsReplay(response)}: {await response.Content.ReadAsStringAsync()}");
        }

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var inUse = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        var summary = string.Join(Environment.NewLine, answers);
        Assert.Multiple(() =>
        {
            Assert.That(created.Count + inUse.Count, Is.EqualTo(responses.Length), summary);
            Assert.That(created.Count(r => !IsReplay(r)), Is.EqualTo(1), summary);
            Assert.That(created.Select(r => r.Headers.Location).Distinct().Count(), Is.EqualTo(1), summary);
            Assert.That(inUse.All(r => r.Headers.RetryAfter is not null), Is.True, summary);
        });
    }

    [TestCase("   ")]
    [TestCase("caf\u00e9")]
    [TestCase("tab\tinside")]
    [TestCase(null)]
    public async Task Given_a_malformed_key_Then_the_answer_is_400(string? key)
    {
        key ??= new string('k', IdempotencyMiddleware.MaxKeyLength + 1);
        var name = $"Bad key {NewKey()}";

        var response = await PostAsync(_admin, "/api/v1/organizations", Organization(name), key);

        var problem = await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "https://support.example/problems/validation");
        Assert.That(problem["errors"]![IdempotencyMiddleware.HeaderName], Is.Not.Null);
        Assert.That(await OrganizationsNamedAsync(name), Is.Zero);
    }

    [Test]
    public async Task Given_a_key_of_255_printable_characters_Then_it_is_accepted()
    {
        var key = (NewKey() + new string('~', 255))[..255];

        var response = await PostAsync(_admin, "/api/v1/organizations", Organization($"Long key {key[..36]}"), key);

        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Test]
    public async Task Given_a_request_that_failed_validation_Then_it_is_not_remembered_and_a_corrected_retry_succeeds()
    {
        var key = NewKey();
        var name = $"Corrected {key}";

        var invalid = await PostAsync(_admin, "/api/v1/organizations", new { name, contract = "standard" }, key);
        var again = await PostAsync(_admin, "/api/v1/organizations", new { name, contract = "standard" }, key);
        var corrected = await PostAsync(_admin, "/api/v1/organizations", Organization(name), key);

        await invalid.ExpectAsync(HttpStatusCode.BadRequest);
        await again.ExpectAsync(HttpStatusCode.BadRequest);
        await corrected.ExpectAsync(HttpStatusCode.Created);
        Assert.That(IsReplay(corrected), Is.False);
        Assert.That(await OrganizationsNamedAsync(name), Is.EqualTo(1));
    }

    [Test]
    public async Task Given_a_process_that_failed_after_committing_Then_a_retry_is_409_and_writes_nothing()
    {
        var key = NewKey();
        var label = $"crashed {key}";

        var crashed = await PostAsync(_admin, "/api/v1/probes/commit-then-fail", new { label }, key);
        var retry = await PostAsync(_admin, "/api/v1/probes/commit-then-fail", new { label }, key);

        await crashed.ExpectAsync(HttpStatusCode.InternalServerError);
        await ExpectProblemAsync(retry, HttpStatusCode.Conflict, "https://support.example/problems/idempotency-key-in-use");
        Assert.That(retry.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(await ProbeWritesLabelledAsync(label), Is.EqualTo(1));
    }

    [Test]
    public async Task Given_a_ten_megabyte_multipart_upload_Then_the_endpoint_reads_it_whole_and_a_retry_replays()
    {
        var key = NewKey();
        var label = $"upload {key}";
        var file = new byte[10 * 1024 * 1024];
        Random.Shared.NextBytes(file);

        // A retry sends the same bytes: the same boundary too.
        Task<HttpResponseMessage> UploadAsync()
        {
            var form = new MultipartFormDataContent($"boundary-{key}")
            {
                { new StringContent(label, Encoding.UTF8), "label" },
                { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", "big.bin" },
            };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/probes/uploads") { Content = form };
            request.Headers.Add(IdempotencyMiddleware.HeaderName, key);
            return _admin.SendAsync(request);
        }

        var first = await UploadAsync();
        var firstBody = await first.ExpectAsync(HttpStatusCode.Created);
        var retry = await UploadAsync();
        var retryBody = await retry.ExpectAsync(HttpStatusCode.Created);

        Assert.Multiple(async () =>
        {
            Assert.That(firstBody["bytes"]!.GetValue<long>(), Is.EqualTo(file.Length), "the endpoint read the whole body after the middleware hashed it");
            Assert.That(IsReplay(retry), Is.True);
            Assert.That(retryBody.ToJsonString(), Is.EqualTo(firstBody.ToJsonString()));
            Assert.That(await ProbeWritesLabelledAsync(label), Is.EqualTo(1));
        });
    }
}
