using System.Net;
using NUnit.Framework;
using Support.Testing;

namespace Support.Modules.Notifications.Tests.Webhooks;

/// <summary>NO-6 with several hosts over one database: each delivery is claimed, and posted, by one host only.</summary>
public sealed class WebhookScaleOutTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Support:Webhooks:AllowPrivateNetworkTargets"] = "true",
        ["Support:Webhooks:RetryBaseDelay"] = "00:00:00.050",
        ["Support:Webhooks:PollInterval"] = "00:00:00.020",
    };

    [Test]
    public async Task Given_three_hosts_polling_one_database_Then_every_delivery_reaches_the_receiver_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var first = new SupportApiFactory(settings: Settings);
        using var admin = first.Admin();
        var organization = await admin.CreateOrganizationAsync();
        await using var second = new SupportApiFactory(first.ConnectionString, Settings);
        await using var third = new SupportApiFactory(first.ConnectionString, Settings);
        using var secondAdmin = second.Admin();
        using var thirdAdmin = third.Admin();
        var url = receiver.NewUrl("scaled");
        // Every other delivery fails once, so retries are claimed by whichever host polls first.
        receiver.Answer(url, n => n % 2 == 0 ? HttpStatusCode.BadGateway : HttpStatusCode.OK);
        await admin.RegisterWebhookAsync(url, ["ticket_submitted", "ticket_status_changed", "ticket_taken_in_charge"]);

        var clients = new[] { admin, secondAdmin, thirdAdmin };
        var submissions = Enumerable.Range(0, 12).Select(async i =>
        {
            var client = clients[i % clients.Length];
            var ticket = await client.SubmitTicketAsync(Api.Ticket(organization, subject: $"Scaled {i}"));
            await (await client.PostJsonAsync($"/api/v1/tickets/{ticket.Id()}/assignment", new { })).ExpectAsync(HttpStatusCode.OK);
            return ticket.Id();
        });
        var tickets = await Task.WhenAll(submissions);

        // Three events per ticket, each delivered (2xx) once.
        await Eventually.TrueAsync(() => Task.FromResult(Delivered(receiver, url).Count == tickets.Length * 3), TimeSpan.FromSeconds(40), "every delivery");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a duplicate had every chance to arrive
        var delivered = Delivered(receiver, url);

        Assert.Multiple(() =>
        {
            Assert.That(delivered.GroupBy(r => r.Delivery).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "a delivery posted twice");
            Assert.That(delivered.Select(r => r.TicketId).Distinct(), Is.EquivalentTo(tickets));
        });
    }

    /// <summary>The requests the receiver answered 2xx.</summary>
    private static List<ReceivedWebhook> Delivered(WebhookReceiver receiver, string url) =>
        receiver.At(url).Where(r => r.Answered == HttpStatusCode.OK).ToList();
}
