using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>The delivery log does not grow for ever: settled deliveries go after the retention period, pending ones stay.</summary>
public sealed class WebhookRetentionTests
{
    [Test]
    public async Task Given_a_short_retention_Then_delivered_ones_leave_the_log_and_pending_ones_stay()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = new SupportApiFactory(settings: new Dictionary<string, string?>
        {
            ["Support:Webhooks:AllowPrivateNetworkTargets"] = "true",
            ["Support:Webhooks:KeepDeliveriesFor"] = "00:00:01",
            ["Support:Webhooks:RetryBaseDelay"] = "00:01:00",
            ["Support:Webhooks:PollInterval"] = "00:00:00.100",
        });
        using var admin = api.Admin();
        var organization = await admin.CreateOrganizationAsync();
        var accepting = await admin.RegisterWebhookAsync(receiver.NewUrl("accepting"), ["ticket_submitted"]);
        var failingUrl = receiver.NewUrl("failing");
        receiver.Answer(failingUrl, _ => HttpStatusCode.InternalServerError);
        var failing = await admin.RegisterWebhookAsync(failingUrl, ["ticket_submitted"]);
        var ticket = await admin.SubmitTicketAsync(Api.Ticket(organization));

        await admin.DeliveryInStatusAsync(accepting.Id(), ticket.Id(), "ticket_submitted", "delivered");
        await Eventually.TrueAsync(async () => (await admin.DeliveriesAsync(accepting.Id())).Count == 0, what: "the delivered one to leave the log");
        var pending = await admin.DeliveriesAsync(failing.Id());

        Assert.That(pending.Select(d => d.Text("status")), Is.EqualTo(new[] { "pending" }), "retried a minute later: it stays");
    }
}
