using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>NO-6: ticket events reach the registered endpoints, signed, retried until they get through.</summary>
public sealed class WebhookDeliveryTests
{
    private WebhookReceiver _receiver = null!;
    private SupportApiFactory _api = null!;
    private HttpClient _admin = null!;
    private HttpClient _agent = null!;
    private readonly Dictionary<string, HttpClient> _partners = [];
    private readonly Dictionary<string, string> _organizations = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Webhooks:AllowPrivateNetworkTargets"] = "true",
            ["Support:Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Support:Webhooks:PollInterval"] = "00:00:00.100",
        });
        _admin = _api.Admin();
        _agent = _api.ClientWithKey(await _admin.CreateApiKeyAsync("agent"));
        foreach (var name in new[] { "Alpha", "Bravo" })
        {
            _organizations[name] = await _admin.CreateOrganizationAsync(name);
            _partners[name] = _api.ClientWithKey(await _admin.CreateApiKeyAsync("partner", _organizations[name]));
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var partner in _partners.Values)
        {
            partner.Dispose();
        }

        _agent.Dispose();
        _admin.Dispose();

        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Test] // NO-6
    public async Task Given_a_webhook_When_a_ticket_is_submitted_Then_its_event_arrives_signed_with_the_event_and_delivery_headers()
    {
        var url = _receiver.NewUrl("submitted");
        var webhook = await _admin.RegisterWebhookAsync(url, ["ticket_submitted"]);
        var secret = webhook.Text("secret");
        var ticket = await _partners["Alpha"].SubmitTicketAsync(Api.Ticket(_organizations["Alpha"], subject: "Signed delivery"));

        var received = await _receiver.WaitForAsync(url, r => r.TicketId == ticket.Id());
        var delivery = await _admin.DeliveryInStatusAsync(webhook.Id(), ticket.Id(), "ticket_submitted", "delivered");
        var body = received.Json;

        Assert.Multiple(() =>
        {
            Assert.That(received.Event, Is.EqualTo("ticket_submitted"));
            Assert.That(received.Delivery, Is.EqualTo(delivery.Id()));
            Assert.That(received.ContentType, Does.StartWith("application/json"));
            Assert.That(received.Signatures, Has.Count.EqualTo(1));
            Assert.That(received.SignedWith(secret), Is.True, $"Support-Signature {received.Signature} is not the HMAC of the body with the secret");
            Assert.That(received.Timestamp, Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(60));
            Assert.That(secret, Does.StartWith("whsec_"));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("ticket_submitted"));
            Assert.That(body["id"]!.GetValue<string>(), Is.EqualTo(delivery.Text("eventId")));
            Assert.That(body["occurredAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(body["data"]!["number"]!.GetValue<string>(), Is.EqualTo(ticket.Text("number")));
            Assert.That(body["data"]!["subject"]!.GetValue<string>(), Is.EqualTo("Signed delivery"));
            Assert.That(body["data"]!["category"]!.GetValue<string>(), Is.EqualTo("usage"), "enums as the API writes them");
            Assert.That(body["data"]!["eventId"], Is.Null, "the event's id is the envelope's");
            Assert.That(delivery["attempts"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(delivery["attempts"]![0]!["statusCode"]!.GetValue<int>(), Is.EqualTo(200));
            Assert.That(delivery["attempts"]![0]!["error"], Is.Null);
        });
    }

    [Test] // NO-6
    public async Task Given_a_webhook_for_some_event_types_Then_it_gets_those_only()
    {
        var url = _receiver.NewUrl("status");
        await _admin.RegisterWebhookAsync(url, ["ticket_status_changed"]);
        var ticket = await _agent.SubmitTicketAsync(Api.Ticket(_organizations["Bravo"]));
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/assignment", new { })).ExpectAsync(HttpStatusCode.OK);

        var changed = await _receiver.WaitForAsync(url, r => r.TicketId == ticket.Id());
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(changed.Event, Is.EqualTo("ticket_status_changed"));
            Assert.That(changed.Json["data"]!["from"]!.GetValue<string>(), Is.EqualTo("new"));
            Assert.That(changed.Json["data"]!["to"]!.GetValue<string>(), Is.EqualTo("in_progress"));
            Assert.That(_receiver.At(url).Select(r => r.Event).Distinct(), Is.EqualTo(new[] { "ticket_status_changed" }));
        });
    }

    [Test] // NO-6: a partner hears of its organisations' tickets only, and the public part of them
    public async Task Given_a_partner_webhook_Then_it_gets_its_organisations_tickets_only_without_staff_only_data()
    {
        var partnerUrl = _receiver.NewUrl("partner");
        var adminUrl = _receiver.NewUrl("admin");
        var registered = await _partners["Alpha"].RegisterWebhookAsync(partnerUrl);
        await _admin.RegisterWebhookAsync(adminUrl, ["bug_reproduction_recorded"]);
        var other = await _agent.SubmitTicketAsync(Api.Ticket(_organizations["Bravo"], subject: "Not Alpha's"));
        var bug = await _partners["Alpha"].SubmitTicketAsync(Api.Ticket(_organizations["Alpha"], category: "bug",
            reproductionScenario: "Open the report, click Export.", subject: "Alpha's bug"));
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{bug.Id()}/assignment", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{bug.Id()}/reproduction", new { reproduced = true, notes = "Seen with the customer's data: secret detail." }))
            .ExpectAsync(HttpStatusCode.OK);
        // The other organisation's ticket moves too: none of it may reach Alpha's endpoint.
        await (await _agent.PostJsonAsync($"/api/v1/tickets/{other.Id()}/assignment", new { })).ExpectAsync(HttpStatusCode.OK);

        var partnerReproduction = await _receiver.WaitForAsync(partnerUrl, r => r.Event == "bug_reproduction_recorded" && r.TicketId == bug.Id());
        var adminReproduction = await _receiver.WaitForAsync(adminUrl, r => r.TicketId == bug.Id());
        var taken = await _receiver.WaitForAsync(partnerUrl, r => r.Event == "ticket_taken_in_charge" && r.TicketId == bug.Id());
        var submitted = await _receiver.WaitForAsync(partnerUrl, r => r.Event == "ticket_submitted" && r.TicketId == bug.Id());
        await Task.Delay(TimeSpan.FromSeconds(1)); // the other ticket's events had every chance to arrive

        Assert.Multiple(() =>
        {
            Assert.That(registered["organizationIds"]!.AsArray().Select(o => o!.GetValue<string>()), Is.EqualTo(new[] { _organizations["Alpha"] }));
            Assert.That(_receiver.At(partnerUrl).Where(r => r.TicketId == other.Id()), Is.Empty, "another organisation's ticket");
            Assert.That(_receiver.At(partnerUrl).Select(r => r.Json["data"]!["organizationId"]!.GetValue<string>()).Distinct(),
                Is.EqualTo(new[] { _organizations["Alpha"] }));
            Assert.That(partnerReproduction.Json["data"]!["reproduced"]!.GetValue<bool>(), Is.True);
            Assert.That(partnerReproduction.Json["data"]!["notes"], Is.Null, "support's notes are staff-only");
            Assert.That(partnerReproduction.Body, Does.Not.Contain("secret detail"));
            Assert.That(partnerReproduction.Json["data"]!["by"]!.GetValue<string>(), Is.EqualTo("support"));
            Assert.That(taken.Json["data"]!["agentId"]!.GetValue<string>(), Is.EqualTo("support"));
            Assert.That(submitted.Json["data"]!["callNotes"], Is.Null);
            Assert.That(adminReproduction.Json["data"]!["notes"]!.GetValue<string>(), Does.Contain("secret detail"), "an administrator's endpoint gets it whole");
            Assert.That(Guid.TryParse(adminReproduction.Json["data"]!["by"]!.GetValue<string>(), out _), Is.True, "the agent's key id");
        });
    }

    [Test] // NO-6: retries with back-off
    public async Task Given_a_receiver_that_fails_five_times_Then_the_sixth_attempt_delivers_with_the_same_delivery_id_and_valid_signatures()
    {
        var url = _receiver.NewUrl("flaky");
        _receiver.Answer(url, n => n <= 5 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        var webhook = await _partners["Bravo"].RegisterWebhookAsync(url, ["ticket_submitted"], secret: "a-secret-of-our-own-1234");
        var ticket = await _partners["Bravo"].SubmitTicketAsync(Api.Ticket(_organizations["Bravo"]));

        var delivery = await _partners["Bravo"].DeliveryInStatusAsync(webhook.Id(), ticket.Id(), "ticket_submitted", "delivered", TimeSpan.FromSeconds(30));
        var requests = _receiver.At(url);
        var attempts = delivery["attempts"]!.AsArray();

        Assert.Multiple(() =>
        {
            Assert.That(requests, Has.Count.EqualTo(6));
            Assert.That(requests.Select(r => r.Delivery).Distinct(), Is.EqualTo(new[] { delivery.Id() }));
            Assert.That(requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the same body on every attempt");
            Assert.That(requests.All(r => r.SignedWith("a-secret-of-our-own-1234")), Is.True);
            Assert.That(delivery["attemptCount"]!.GetValue<int>(), Is.EqualTo(6));
            Assert.That(attempts.Take(5).Select(a => a!["statusCode"]!.GetValue<int>()), Is.All.EqualTo(500));
            Assert.That(attempts.Take(5).Select(a => a!["error"]!.GetValue<string>()), Is.All.Contain("500"));
            Assert.That(attempts[5]!["statusCode"]!.GetValue<int>(), Is.EqualTo(200));
            var gaps = requests.Zip(requests.Skip(1), (a, b) => b.At - a.At).ToList();
            Assert.That(gaps[^1], Is.GreaterThan(gaps[0]), "the waits between attempts grow");
            Assert.That(gaps[3], Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(700)), "100 ms doubled: 100, 200, 400, 800");
        });
    }

    [Test] // NO-6: secret rotation with an overlap
    public async Task Given_a_rotated_secret_Then_deliveries_carry_the_new_signature_then_the_old_one_during_the_overlap()
    {
        var url = _receiver.NewUrl("rotated");
        var webhook = await _partners["Alpha"].RegisterWebhookAsync(url, ["ticket_submitted"], secret: "the-first-secret-0123");
        var rotated = await (await _partners["Alpha"].PostJsonAsync($"/api/v1/webhooks/{webhook.Id()}/secret", new { })).ExpectAsync(HttpStatusCode.OK);
        var newSecret = rotated.Text("secret");
        var read = await _partners["Alpha"].GetJsonAsync($"/api/v1/webhooks/{webhook.Id()}");
        var ticket = await _partners["Alpha"].SubmitTicketAsync(Api.Ticket(_organizations["Alpha"]));

        var received = await _receiver.WaitForAsync(url, r => r.TicketId == ticket.Id());

        Assert.Multiple(() =>
        {
            Assert.That(newSecret, Does.StartWith("whsec_").And.Not.EqualTo("the-first-secret-0123"));
            Assert.That(rotated["previousSecretExpiresAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(DateTimeOffset.UtcNow.AddDays(1)).Within(TimeSpan.FromMinutes(1)));
            Assert.That(read["secret"], Is.Null, "the secret is shown at creation and rotation only");
            Assert.That(read["previousSecretExpiresAt"], Is.Not.Null);
            Assert.That(received.Signatures, Has.Count.EqualTo(2));
            Assert.That(received.Signatures[0], Is.EqualTo(received.Expected(newSecret)), "the new secret's first");
            Assert.That(received.Signatures[1], Is.EqualTo(received.Expected("the-first-secret-0123")), "then the previous one's");
        });
    }

    [Test]
    public async Task Given_a_paused_webhook_Then_nothing_is_delivered_until_it_is_resumed_and_a_deleted_one_is_gone()
    {
        var url = _receiver.NewUrl("paused");
        var webhook = await _admin.RegisterWebhookAsync(url, ["ticket_submitted"]);
        var paused = await (await _admin.PatchJsonAsync($"/api/v1/webhooks/{webhook.Id()}", new { active = false })).ExpectAsync(HttpStatusCode.OK);
        var quiet = await _agent.SubmitTicketAsync(Api.Ticket(_organizations["Alpha"]));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var duringPause = _receiver.At(url).Count;
        var resumed = await (await _admin.PatchJsonAsync($"/api/v1/webhooks/{webhook.Id()}", new { active = true, events = new[] { "ticket_submitted", "ticket_closed" } }))
            .ExpectAsync(HttpStatusCode.OK);
        var heard = await _agent.SubmitTicketAsync(Api.Ticket(_organizations["Alpha"]));
        await _receiver.WaitForAsync(url, r => r.TicketId == heard.Id());
        var deleted = await _admin.DeleteAsync($"/api/v1/webhooks/{webhook.Id()}");
        var afterDelete = await _admin.GetAsync($"/api/v1/webhooks/{webhook.Id()}");

        Assert.Multiple(() =>
        {
            Assert.That(paused["active"]!.GetValue<bool>(), Is.False);
            Assert.That(duringPause, Is.Zero);
            Assert.That(_receiver.At(url).Where(r => r.TicketId == quiet.Id()), Is.Empty);
            Assert.That(resumed["events"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "ticket_submitted", "ticket_closed" }));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(afterDelete.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task Given_a_delivery_log_Then_it_pages_newest_first()
    {
        var url = _receiver.NewUrl("log");
        var webhook = await _admin.RegisterWebhookAsync(url, ["ticket_submitted"]);
        var tickets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add((await _agent.SubmitTicketAsync(Api.Ticket(_organizations["Bravo"], subject: $"Log {i}"))).Id());
            await _receiver.WaitForAsync(url, r => r.TicketId == tickets[^1]);
        }

        var log = await _admin.ReadAllPagesAsync($"/api/v1/webhooks/{webhook.Id()}/deliveries", limit: 2);
        var delivered = await _admin.DeliveriesAsync(webhook.Id(), "delivered");
        var dead = await _admin.DeliveriesAsync(webhook.Id(), "dead");

        Assert.Multiple(() =>
        {
            Assert.That(log.Select(d => d.Text("ticketId")), Is.EqualTo(Enumerable.Reverse(tickets)));
            Assert.That(delivered, Has.Count.EqualTo(3));
            Assert.That(dead, Is.Empty);
        });
    }
}
