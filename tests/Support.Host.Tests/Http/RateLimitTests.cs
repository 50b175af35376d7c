using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Http;

/// <summary>Each API key has its own token bucket; past it, 429 with Retry-After.</summary>
public sealed class RateLimitTests
{
    private SupportApiFactory _api = null!;

    [OneTimeSetUp]
    public void StartHost() =>
        // A bucket of 3 that refills one token every 100 s: within a test nothing is refilled.
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:RateLimit:Burst"] = "3",
            ["Support:RateLimit:PermitsPerSecond"] = "0.01",
        });

    [OneTimeTearDown]
    public async Task StopHost() => await _api.DisposeAsync();

    /// <summary>Fresh keys: the bootstrap admin's own bucket holds three calls, two of them spent here.</summary>
    private async Task<(HttpClient First, HttpClient Second)> TwoAgentsAsync()
    {
        var admin = _api.Admin();
        return (_api.ClientWithKey(await admin.CreateApiKeyAsync("agent")), _api.ClientWithKey(await admin.CreateApiKeyAsync("agent")));
    }

    [Test]
    public async Task Given_a_key_past_its_burst_Then_the_fourth_call_is_429_with_retry_after_and_another_key_is_not_affected()
    {
        var (busy, other) = await TwoAgentsAsync();

        for (var call = 1; call <= 3; call++)
        {
            await (await busy.GetAsync("/api/v1/queue")).ExpectAsync(HttpStatusCode.OK);
        }

        var limited = await busy.GetAsync("/api/v1/queue");
        var problem = await limited.ExpectAsync(HttpStatusCode.TooManyRequests);
        var unaffected = await other.GetAsync("/api/v1/queue");

        Assert.Multiple(() =>
        {
            Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(problem["type"]!.GetValue<string>(), Is.EqualTo("https://support.example/problems/rate-limited"));
            Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(429));
            Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(unaffected.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Given_callers_without_a_key_Then_they_share_a_bucket_per_address()
    {
        using var anonymous = _api.ClientWithKey(null);

        var answers = new List<HttpStatusCode>();
        for (var call = 1; call <= 4; call++)
        {
            answers.Add((await anonymous.GetAsync("/api/v1/queue")).StatusCode);
        }

        Assert.That(answers, Is.EqualTo(new[]
        {
            HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests,
        }));
    }

    [Test]
    public async Task Given_health_probes_and_the_api_documents_Then_they_are_never_limited()
    {
        using var anonymous = _api.ClientWithKey(null);

        var answers = new List<HttpStatusCode>();
        for (var call = 1; call <= 10; call++)
        {
            answers.Add((await anonymous.GetAsync("/health/live")).StatusCode);
            answers.Add((await anonymous.GetAsync("/health/ready")).StatusCode);
        }

        for (var call = 1; call <= 4; call++)
        {
            answers.Add((await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
            answers.Add((await anonymous.GetAsync("/docs")).StatusCode);
        }

        Assert.That(answers, Has.None.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(answers.Take(20), Is.All.EqualTo(HttpStatusCode.OK));
    }
}
