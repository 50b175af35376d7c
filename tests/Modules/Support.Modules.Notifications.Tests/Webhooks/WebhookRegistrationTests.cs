using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Support.Modules.Notifications.Webhooks;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>NO-6: who registers webhooks, what they may point at, and who sees them.</summary>
public sealed class WebhookRegistrationTests
{
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _alpha = null!;
    private HttpClient _bravo = null!;
    private HttpClient _agent = null!;
    private string _alphaOrganization = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        // The production default: private network targets refused.
        _api = new SupportApiFactory();
        _admin = _api.Admin();
        _alphaOrganization = await _admin.CreateOrganizationAsync("Alpha");
        _alpha = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", _alphaOrganization));
        _bravo = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", await _admin.CreateOrganizationAsync("Bravo")));
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        _alpha.Dispose();
        _bravo.Dispose();
        _agent.Dispose();

        await _api.DisposeAsync();
    }

    [TestCase("ftp://partner.example/hooks")]
    [TestCase("file:///etc/passwd")]
    [TestCase("partner.example/hooks")]
    [TestCase("https://user:password@partner.example/hooks")]
    [TestCase("")]
    public async Task Given_a_url_that_is_not_http_or_https_Then_registration_is_a_400_naming_url(string url)
    {
        var response = await _alpha.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "*" } });
        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);

        Assert.That(problem["errors"]!["url"], Is.Not.Null, problem.ToJsonString());
    }

    [TestCase("http://127.0.0.1:8080/hooks")]
    [TestCase("http://localhost/hooks")]
    [TestCase("https://10.1.2.3/hooks")]
    [TestCase("https://172.16.0.1/hooks")]
    [TestCase("https://192.168.1.20/hooks")]
    [TestCase("http://169.254.169.254/latest/meta-data")]
    [TestCase("http://0.0.0.0/hooks")]
    [TestCase("http://[::1]/hooks")]
    [TestCase("http://[::]/hooks")]
    [TestCase("http://[fe80::1]/hooks")]
    [TestCase("http://[fd12:3456::1]/hooks")]
    [TestCase("http://[::ffff:10.0.0.1]/hooks")]
    public async Task Given_the_production_default_When_a_url_points_into_a_private_network_Then_registration_is_a_422_naming_url(string url)
    {
        var response = await _alpha.PostJsonAsync("/api/v1/webhooks", new { url, events = new[] { "*" } });
        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var list = await _alpha.GetJsonAsync("/api/v1/webhooks");

        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["url"]![0]!.GetValue<string>(), Does.Contain("public addresses only"));
            Assert.That(list["items"]!.AsArray().Where(w => w!["url"]!.GetValue<string>() == url), Is.Empty);
        });
    }

    [Test]
    public async Task Given_a_url_changed_to_a_private_address_Then_the_change_is_a_422()
    {
        var webhook = await _alpha.RegisterWebhookAsync("https://203.0.113.10/hooks", ["ticket_closed"]);

        var response = await _alpha.PatchJsonAsync($"/api/v1/webhooks/{webhook.Id()}", new { url = "http://127.0.0.1/hooks" });
        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.That(problem["errors"]!["url"], Is.Not.Null);
    }

    [Test]
    public async Task Given_unknown_or_no_event_types_Then_registration_is_a_400_naming_events()
    {
        var unknown = await (await _alpha.PostJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/hooks", events = new[] { "ticket_submitted", "ticket_exploded" } }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var none = await (await _alpha.PostJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/hooks", events = Array.Empty<string>() }))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var shortSecret = await (await _alpha.PostJsonAsync("/api/v1/webhooks", new { url = "https://203.0.113.10/hooks", events = new[] { "*" }, secret = "short" }))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(unknown["errors"]!["events"]![0]!.GetValue<string>(), Does.Contain("ticket_exploded").And.Contain("bug_reproduction_recorded"));
            Assert.That(none["errors"]!["events"], Is.Not.Null);
            Assert.That(shortSecret["errors"]!["secret"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Given_a_new_webhook_Then_its_secret_is_shown_once_and_an_administrators_receives_every_organisation()
    {
        var created = await _admin.RegisterWebhookAsync("https://203.0.113.10/admin-hooks", ["ticket_submitted", "ticket_submitted"], secret: "my-own-secret-0123456");
        var read = await _admin.GetJsonAsync($"/api/v1/webhooks/{created.Id()}");
        var listed = (await _admin.GetJsonAsync("/api/v1/webhooks"))["items"]!.AsArray().Single(w => w!.Id() == created.Id())!;

        Assert.Multiple(() =>
        {
            Assert.That(created.Text("secret"), Is.EqualTo("my-own-secret-0123456"));
            Assert.That(created["organizationIds"], Is.Null, "an administrator's webhook covers every organisation");
            Assert.That(created["events"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "ticket_submitted" }));
            Assert.That(created["active"]!.GetValue<bool>(), Is.True);
            Assert.That(read["secret"], Is.Null);
            Assert.That(listed["secret"], Is.Null);
            Assert.That(read.Text("url"), Is.EqualTo("https://203.0.113.10/admin-hooks"));
        });
    }

    [Test]
    public async Task Given_two_partners_Then_each_sees_and_changes_its_own_webhooks_only()
    {
        var alphas = await _alpha.RegisterWebhookAsync("https://203.0.113.10/alpha", ["ticket_closed"]);
        var bravos = await _bravo.RegisterWebhookAsync("https://203.0.113.10/bravo", ["ticket_closed"]);
        var path = $"/api/v1/webhooks/{alphas.Id()}";

        var read = await _bravo.GetAsync(path);
        var patched = await _bravo.PatchJsonAsync(path, new { active = false });
        var rotated = await _bravo.PostJsonAsync($"{path}/secret", new { });
        var log = await _bravo.GetAsync($"{path}/deliveries");
        var deleted = await _bravo.DeleteAsync(path);
        var bravoList = await _bravo.ReadAllPagesAsync("/api/v1/webhooks", limit: 1);
        var adminList = await _admin.ReadAllPagesAsync("/api/v1/webhooks", limit: 200);
        var asAgent = await _agent.GetAsync("/api/v1/webhooks");
        var stillThere = await _alpha.GetJsonAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { read, patched, rotated, log, deleted }.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.NotFound));
            Assert.That(bravoList.Select(w => w.Id()), Is.EqualTo(new[] { bravos.Id() }));
            Assert.That(adminList.Select(w => w.Id()), Does.Contain(alphas.Id()).And.Contain(bravos.Id()));
            Assert.That(asAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(stillThere["active"]!.GetValue<bool>(), Is.True);
            Assert.That(alphas["organizationIds"]!.AsArray().Select(o => o!.GetValue<string>()), Is.EqualTo(new[] { _alphaOrganization }));
        });
    }

    [Test] // DNS can change after registration: each delivery checks the address it connects to
    public async Task Given_the_production_default_When_a_registered_host_now_resolves_to_a_private_address_Then_nothing_is_posted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.NewUrl("rebound");
        var webhook = await _admin.RegisterWebhookAsync("https://203.0.113.10/rebound", ["ticket_submitted"]);
        // Plays the DNS answer changing: the stored URL now leads to this machine.
        await using (var session = _api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var stored = await session.LoadAsync<Webhook>(Guid.Parse(webhook.Id()));
            stored!.Url = url;
            session.Store(stored);
            await session.SaveChangesAsync();
        }

        var ticket = await _agent.SubmitTicketAsync(Api.Ticket(_alphaOrganization));
        var delivery = await Eventually.ValueAsync(async () => (await _admin.DeliveriesAsync(webhook.Id()))
            .FirstOrDefault(d => d.Text("ticketId") == ticket.Id() && d["attempts"]!.AsArray().Count > 0));

        Assert.Multiple(() =>
        {
            Assert.That(receiver.At(url), Is.Empty);
            Assert.That(delivery["attempts"]![0]!["statusCode"], Is.Null);
            Assert.That(delivery["attempts"]![0]!["error"]!.GetValue<string>(), Does.Contain("127.0.0.1").And.Contain("not a public address"));
            Assert.That(delivery.Text("status"), Is.EqualTo("pending"), "retried later, in case DNS changes back");
        });
    }
}
