using System.Collections.Concurrent;
using System.Net;
using Marten;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NUnit.Framework;
using Support.Modules.Shared.Events;
using Support.Modules.Shared.Messaging;
using Support.Testing;

namespace Support.Host.Tests.Messaging;

public sealed record ProbeEvent(string Label) : IntegrationEvent;

public sealed class ProbeReceipt
{
    public string Id { get; set; } = "";

    public string Handler { get; set; } = "";
}

/// <summary>Fails the first two times it sees an event, then records a receipt.</summary>
public sealed class FlakyProbeHandler(IDocumentSession session) : INotificationHandler<ProbeEvent>
{
    public static readonly ConcurrentDictionary<Guid, int> Calls = new();

    public Task Handle(ProbeEvent notification, CancellationToken cancellationToken)
    {
        if (Calls.AddOrUpdate(notification.EventId, 1, (_, calls) => calls + 1) <= 2)
        {
            throw new InvalidOperationException("Simulated failure of a downstream handler.");
        }

        session.Store(new ProbeReceipt { Id = $"flaky/{notification.EventId}", Handler = nameof(FlakyProbeHandler) });
        return Task.CompletedTask;
    }
}

/// <summary>Always succeeds; must run once even when its sibling handler makes the event retry.</summary>
public sealed class SteadyProbeHandler(IDocumentSession session) : INotificationHandler<ProbeEvent>
{
    public static readonly ConcurrentDictionary<Guid, int> Calls = new();

    public Task Handle(ProbeEvent notification, CancellationToken cancellationToken)
    {
        Calls.AddOrUpdate(notification.EventId, 1, (_, calls) => calls + 1);
        session.Store(new ProbeReceipt { Id = $"steady/{notification.EventId}", Handler = nameof(SteadyProbeHandler) });
        return Task.CompletedTask;
    }
}

public sealed class OutboxDeliveryTests
{
    [Test]
    public async Task Given_a_handler_that_fails_twice_Then_the_event_is_retried_until_handled_and_each_handler_handles_it_once()
    {
        await using var api = new SupportApiFactory(services: services =>
        {
            services.AddScoped<INotificationHandler<ProbeEvent>, FlakyProbeHandler>();
            services.AddScoped<INotificationHandler<ProbeEvent>, SteadyProbeHandler>();
        });
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var probe = new ProbeEvent("retry me") { OccurredAt = DateTimeOffset.UtcNow };

        await using (var session = store.LightweightSession())
        {
            session.PublishOnCommit(probe);
            await session.SaveChangesAsync();
        }

        await Eventually.TrueAsync(async () =>
        {
            await using var query = store.QuerySession();
            return await query.LoadAsync<ProbeReceipt>($"flaky/{probe.EventId}") is not null
                && await query.LoadAsync<OutboxMessage>(probe.EventId) is null;
        }, what: "the flaky handler to succeed and the outbox message to be gone");

        await using var check = store.QuerySession();
        var receipts = await check.Query<ProbeReceipt>().Where(r => r.Id.EndsWith(probe.EventId.ToString())).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(FlakyProbeHandler.Calls[probe.EventId], Is.EqualTo(3), "two failures, then success");
            Assert.That(SteadyProbeHandler.Calls[probe.EventId], Is.EqualTo(1), "a handler that succeeded is not run again");
            Assert.That(receipts.Select(r => r.Handler), Is.EquivalentTo(new[] { nameof(FlakyProbeHandler), nameof(SteadyProbeHandler) }));
        });
    }

    [Test]
    public async Task Given_a_host_that_stopped_before_publishing_Then_the_next_host_delivers_the_event()
    {
        string ticketId;
        string connectionString;
        await using (var crashed = new SupportApiFactory(settings: new Dictionary<string, string?> { ["Support:Outbox:Enabled"] = "false" }))
        {
            connectionString = crashed.ConnectionString;
            var admin = crashed.Admin();
            var organization = await admin.CreateOrganizationAsync();
            ticketId = (await admin.SubmitTicketAsync(Api.Ticket(organization, subject: "Survives a restart")))["id"]!.GetValue<string>();

            await Task.Delay(500);
            Assert.That(Directory.Exists(crashed.PickupDirectory) && Directory.GetFiles(crashed.PickupDirectory).Length > 0, Is.False,
                "nothing was published by the first host");
        }

        await using var restarted = new SupportApiFactory(connectionString);
        var agent = restarted.Admin();

        // The ticket itself was committed with its stream (inline), whatever happens to its events.
        await (await agent.GetAsync($"/api/v1/tickets/{ticketId}")).ExpectAsync(HttpStatusCode.OK);
        var email = await Eventually.ValueAsync(
            () => Task.FromResult(Directory.Exists(restarted.PickupDirectory) ? Directory.GetFiles(restarted.PickupDirectory, "*.eml").FirstOrDefault() : null),
            what: "the ticket-opened email");
        Assert.That(await File.ReadAllTextAsync(email), Does.Contain("Survives a restart"));
    }

    [Test]
    public async Task Given_a_started_host_Then_quartz_keeps_the_outbox_sweep_in_its_clustered_postgresql_store()
    {
        await using var api = new SupportApiFactory();
        _ = api.Services; // starts the host, and with it the scheduler

        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(api.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "select (select count(*) from qrtz_triggers where trigger_name = 'outbox-sweep') + (select count(*) from qrtz_scheduler_state)", connection);
            try
            {
                return (long)(await command.ExecuteScalarAsync())! >= 2;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return false;
            }
        }, what: "the Quartz tables, the sweep trigger and the cluster check-in");
    }
}
