using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>NO-6 with short periods: deliveries that never get through go dead and can be replayed; a secret's overlap ends.</summary>
public sealed class WebhookRetryTests
{
    private WebhookReceiver _receiver = null!;
    private SupportApiFactory _api = null!;
    private HttpClient _partner = null!;
    private string _organization = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Webhooks:AllowPrivateNetworkTargets"] = "true",
            ["Support:Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Support:Webhooks:RetryFor"] = "00:00:00.500",
            ["Support:Webhooks:SecretOverlap"] = "00:00:00",
            ["Support:Webhooks:PollInterval"] = "00:00:00.100",
        });
        using var admin = _api.Admin();
        _organization = await admin.CreateOrganizationAsync();
        _partner = _api.ClientWithKey(await admin.CreateApiKeyAsync("partner", _organization));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _partner.Dispose();
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Test] // NO-6: dead letters and replay
    public async Task Given_a_receiver_down_for_the_whole_retry_period_Then_the_delivery_is_dead_and_a_replay_delivers_it_with_the_same_id()
    {
        var url = _receiver.NewUrl("down");
        var down = true;
        _receiver.Answer(url, _ => down ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NoContent);
        var webhook = await _partner.RegisterWebhookAsync(url, ["ticket_submitted"]);
        var ticket = await _partner.SubmitTicketAsync(Api.Ticket(_organization));

        var dead = await _partner.DeliveryInStatusAsync(webhook.Id(), ticket.Id(), "ticket_submitted", "dead");
        var failed = _receiver.At(url).Count;
        down = false;
        var replay = await _partner.PostJsonAsync($"/api/v1/webhooks/{webhook.Id()}/deliveries/{dead.Id()}/replay", new { });
        var replayed = await replay.ExpectAsync(HttpStatusCode.Accepted);
        var delivered = await _partner.DeliveryInStatusAsync(webhook.Id(), ticket.Id(), "ticket_submitted", "delivered");
        var read = await _partner.GetJsonAsync($"/api/v1/webhooks/{webhook.Id()}/deliveries/{dead.Id()}");
        var requests = _receiver.At(url);

        Assert.Multiple(() =>
        {
            Assert.That(failed, Is.GreaterThanOrEqualTo(2), "retried before giving up");
            Assert.That(dead["attempts"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()), Is.All.EqualTo(503));
            Assert.That(dead["deadReason"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(dead["nextAttemptAt"], Is.Null);
            Assert.That(replayed.Text("status"), Is.EqualTo("pending"));
            Assert.That(replay.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/webhooks/{webhook.Id()}/deliveries/{dead.Id()}"));
            Assert.That(delivered.Id(), Is.EqualTo(dead.Id()));
            Assert.That(delivered["attemptCount"]!.GetValue<int>(), Is.EqualTo(failed + 1));
            Assert.That(requests, Has.Count.EqualTo(failed + 1));
            Assert.That(requests.Select(r => r.Delivery).Distinct(), Is.EqualTo(new[] { dead.Id() }));
            Assert.That(read["deliveredAt"], Is.Not.Null);
        });
    }

    [Test]
    public async Task Given_a_pending_delivery_or_an_unknown_one_Then_replay_is_a_409_or_a_404()
    {
        var url = _receiver.NewUrl("slow");
        _receiver.Answer(url, _ => HttpStatusCode.InternalServerError);
        var webhook = await _partner.RegisterWebhookAsync(url, ["ticket_submitted"]);
        var unknown = await _partner.PostJsonAsync($"/api/v1/webhooks/{webhook.Id()}/deliveries/{Guid.NewGuid()}/replay", new { });
        var ticket = await _partner.SubmitTicketAsync(Api.Ticket(_organization));
        var dead = await _partner.DeliveryInStatusAsync(webhook.Id(), ticket.Id(), "ticket_submitted", "dead");
        await (await _partner.PostJsonAsync($"/api/v1/webhooks/{webhook.Id()}/deliveries/{dead.Id()}/replay", new { })).ExpectAsync(HttpStatusCode.Accepted);
        var again = await _partner.PostJsonAsync($"/api/v1/webhooks/{webhook.Id()}/deliveries/{dead.Id()}/replay", new { });

        Assert.Multiple(() =>
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict).Or.EqualTo(HttpStatusCode.Accepted),
                "pending again (409), unless its short retry period was already over");
        });
    }

    [Test] // NO-6: the overlap ends
    public async Task Given_a_rotation_whose_overlap_is_over_Then_deliveries_carry_the_new_signature_only()
    {
        var url = _receiver.NewUrl("overlap-over");
        var webhook = await _partner.RegisterWebhookAsync(url, ["ticket_submitted"], secret: "the-old-secret-0123456");
        var rotated = await (await _partner.PostJsonAsync($"/api/v1/webhooks/{webhook.Id()}/secret", new { secret = "the-new-secret-0123456" }))
            .ExpectAsync(HttpStatusCode.OK);
        var ticket = await _partner.SubmitTicketAsync(Api.Ticket(_organization));

        var received = await _receiver.WaitForAsync(url, r => r.TicketId == ticket.Id());

        Assert.Multiple(() =>
        {
            Assert.That(rotated.Text("secret"), Is.EqualTo("the-new-secret-0123456"));
            Assert.That(rotated["previousSecretExpiresAt"], Is.Null);
            Assert.That(received.Signatures, Has.Count.EqualTo(1));
            Assert.That(received.SignedWith("the-new-secret-0123456"), Is.True);
            Assert.That(received.SignedWith("the-old-secret-0123456"), Is.False);
        });
    }
}
