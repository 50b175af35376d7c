using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Platform;

public sealed class PlatformTests
{
    private SupportApiFactory _api = null!;

    [OneTimeSetUp]
    public void StartHost() => _api = new SupportApiFactory();

    [OneTimeTearDown]
    public async Task StopHost() => await _api.DisposeAsync();

    [Test]
    public async Task Given_a_running_host_Then_liveness_and_readiness_answer_without_a_key()
    {
        var anonymous = _api.ClientWithKey(null);

        var live = await (await anonymous.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
        var ready = await (await anonymous.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);

        Assert.Multiple(() =>
        {
            Assert.That(live["status"]!.GetValue<string>(), Is.EqualTo("healthy"));
            Assert.That(ready["checks"]!["postgresql"]!.GetValue<string>(), Is.EqualTo("healthy"));
        });
    }

    [Test]
    public async Task Given_a_running_host_Then_it_serves_its_openapi_contract_and_a_browsable_reference()
    {
        var anonymous = _api.ClientWithKey(null);

        var document = await (await anonymous.GetAsync("/openapi/v1.json")).ExpectAsync(HttpStatusCode.OK);
        var docs = await anonymous.GetAsync("/docs/");

        Assert.Multiple(() =>
        {
            Assert.That(document["openapi"]!.GetValue<string>(), Does.StartWith("3."));
            Assert.That(document["paths"]!["/api/v1/tickets"]!["post"]!["responses"]!["201"], Is.Not.Null);
            Assert.That(document["paths"]!["/api/v1/tickets"]!["post"]!["responses"]!["401"], Is.Not.Null);
            Assert.That(document["components"]!["securitySchemes"]!["bearer"], Is.Not.Null);
            Assert.That(docs.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
        Assert.That(await docs.Content.ReadAsStringAsync(), Does.Contain("openapi/v1.json"));
        var script = await anonymous.GetAsync("/docs/scalar.js");
        Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the reference UI is served locally, without a CDN");
    }
}
