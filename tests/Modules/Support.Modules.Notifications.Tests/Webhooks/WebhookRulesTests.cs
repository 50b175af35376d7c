using System.Net;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.Webhooks;
using Support.Modules.Notifications.Webhooks.Deliveries;
using Support.Modules.Notifications.Webhooks.Fanout;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>The pure rules of NO-6: which addresses are public, event names, signatures, back-off, the partner's view of an event.</summary>
public sealed class WebhookRulesTests
{
    [TestCase("8.8.8.8", true)]
    [TestCase("203.0.113.10", true)]
    [TestCase("2606:4700:4700::1111", true)]
    [TestCase("0.0.0.0", false)]
    [TestCase("127.0.0.1", false)]
    [TestCase("127.5.6.7", false)]
    [TestCase("10.0.0.1", false)]
    [TestCase("172.16.0.1", false)]
    [TestCase("172.31.255.255", false)]
    [TestCase("172.32.0.1", true)]
    [TestCase("192.168.0.1", false)]
    [TestCase("169.254.169.254", false)]
    [TestCase("100.64.0.1", false)]
    [TestCase("224.0.0.1", false)]
    [TestCase("255.255.255.255", false)]
    [TestCase("::", false)]
    [TestCase("::1", false)]
    [TestCase("fe80::1", false)]
    [TestCase("fc00::1", false)]
    [TestCase("fd12:3456::1", false)]
    [TestCase("ff02::1", false)]
    [TestCase("::ffff:127.0.0.1", false)]
    [TestCase("::ffff:8.8.8.8", true)]
    [TestCase("64:ff9b::a00:1", false)]
    [TestCase("2002:c0a8:0101::1", false)]
    public void Given_an_address_Then_only_public_internet_addresses_are_targets(string address, bool isPublic) =>
        Assert.That(WebhookTargets.IsPublic(IPAddress.Parse(address)), Is.EqualTo(isPublic));

    [Test]
    public void Given_the_contracts_Then_every_ticket_event_can_be_subscribed_to_by_its_snake_case_name()
    {
        var ticketEvents = typeof(TicketEvent).Assembly.GetTypes().Concat(typeof(BugReproductionRecorded).Assembly.GetTypes())
            .Where(t => t is { IsAbstract: false } && t.IsAssignableTo(typeof(TicketEvent)))
            .Append(typeof(TicketSubmitted))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(WebhookEventTypes.Types, Is.EquivalentTo(ticketEvents), "a ticket event without a webhook handler");
            Assert.That(WebhookEventTypes.Names, Does.Contain("ticket_status_changed").And.Contain("bug_reproduction_recorded").And.Contain("ticket_submitted"));
            Assert.That(WebhookEventTypes.Names, Has.Count.EqualTo(ticketEvents.Count));
        });
    }

    [Test]
    public void Given_secrets_Then_the_signature_lists_an_hmac_per_secret_in_order()
    {
        var header = WebhookSecrets.Signature(1_700_000_000, "{\"a\":1}", ["new", "old"]);

        // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac new
        Assert.That(header, Does.Match("^t=1700000000,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$"));
        Assert.That(header.Split(",v1=")[1], Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("new"u8, "1700000000.{\"a\":1}"u8))));
    }

    [Test]
    public void Given_failures_Then_the_wait_doubles_from_the_base_up_to_the_cap_and_the_delivery_dies_after_the_retry_period()
    {
        var options = new WebhookOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1), RetryFor = TimeSpan.FromDays(1) };
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var delivery = new WebhookDelivery { Status = WebhookDeliveryStatus.Pending, NextAttemptAt = start };
        var waits = new List<TimeSpan>();
        var at = start;
        while (delivery.Status == WebhookDeliveryStatus.Pending)
        {
            delivery.Record(new DeliveryAttempt { At = at, StatusCode = 500, Error = "500" }, options);
            if (delivery.NextAttemptAt is { } next)
            {
                waits.Add(next - at);
                at = next;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(waits.Take(4), Is.EqualTo(new[] { TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(240) }));
            Assert.That(waits.Max(), Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(at - start, Is.GreaterThanOrEqualTo(TimeSpan.FromDays(1)), "retried for at least the retry period");
            Assert.That(delivery.Status, Is.EqualTo(WebhookDeliveryStatus.Dead));
            Assert.That(delivery.AttemptCount, Is.EqualTo(delivery.Attempts.Count).Or.GreaterThan(WebhookDelivery.AttemptsKept));
        });
    }

    [Test]
    public void Given_the_same_event_and_webhook_Then_the_delivery_id_is_the_same_and_differs_per_webhook()
    {
        var eventId = Guid.CreateVersion7();
        var webhook = Guid.CreateVersion7();

        Assert.Multiple(() =>
        {
            Assert.That(WebhookDelivery.IdFor(eventId, webhook), Is.EqualTo(WebhookDelivery.IdFor(Guid.Parse(eventId.ToString()), webhook)));
            Assert.That(WebhookDelivery.IdFor(eventId, webhook), Is.Not.EqualTo(WebhookDelivery.IdFor(eventId, Guid.CreateVersion7())));
            Assert.That(WebhookDelivery.IdFor(eventId, webhook).Version, Is.EqualTo(8));
        });
    }

    [Test]
    public void Given_a_partner_webhook_Then_staff_only_fields_are_null_and_other_keys_are_the_side_they_acted_for()
    {
        var partner = new Webhook { OwnerKeyId = "partner-key", OrganizationIds = [Guid.NewGuid()] };
        var admin = new Webhook { OwnerKeyId = "admin-key", AllOrganizations = true };
        var reproduced = new BugReproductionRecorded(Guid.NewGuid(), "SUP-1", Guid.NewGuid(), true, "internal notes", "agent-key", 1) { OccurredAt = DateTimeOffset.UtcNow };
        var confirmed = new TicketFixConfirmed(Guid.NewGuid(), "SUP-1", Guid.NewGuid(), Guid.NewGuid(), "4.3", true, "ok", "partner-key", 3);
        var changed = new TicketStatusChanged(Guid.NewGuid(), "SUP-1", Guid.NewGuid(), TicketStatus.Resolved, TicketStatus.Closed, TicketResolution.NoReply, "system");

        var forPartner = JsonNode.Parse(WebhookPayload.For(reproduced, partner))!;
        var forAdmin = JsonNode.Parse(WebhookPayload.For(reproduced, admin))!;
        var confirmation = JsonNode.Parse(WebhookPayload.For(confirmed, partner))!["data"]!;
        var closing = JsonNode.Parse(WebhookPayload.For(changed, partner))!["data"]!;

        Assert.Multiple(() =>
        {
            Assert.That(forPartner["type"]!.GetValue<string>(), Is.EqualTo("bug_reproduction_recorded"));
            Assert.That(forPartner["data"]!.AsObject().ContainsKey("notes"), Is.True, "the same shape for every audience");
            Assert.That(forPartner["data"]!["notes"], Is.Null);
            Assert.That(forPartner["data"]!["by"]!.GetValue<string>(), Is.EqualTo("support"));
            Assert.That(forAdmin["data"]!["notes"]!.GetValue<string>(), Is.EqualTo("internal notes"));
            Assert.That(forAdmin["data"]!["by"]!.GetValue<string>(), Is.EqualTo("agent-key"));
            Assert.That(confirmation["by"]!.GetValue<string>(), Is.EqualTo("partner-key"), "a partner's own key");
            Assert.That(confirmation["developmentIssueId"], Is.Null);
            Assert.That(closing["by"]!.GetValue<string>(), Is.EqualTo("system"));
            Assert.That(closing["resolution"]!.GetValue<string>(), Is.EqualTo("no_reply"));
        });
    }
}
