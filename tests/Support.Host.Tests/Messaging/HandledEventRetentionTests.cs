using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Support.Modules.Shared.Messaging;
using Support.Testing;

namespace Support.Host.Tests.Messaging;

/// <summary>Handlers' "handled" markers are deleted once settled and past their retention; those of events still being retried stay.</summary>
public sealed class HandledEventRetentionTests
{
    [Test]
    public async Task Given_markers_past_the_retention_Then_settled_ones_go_and_those_of_pending_events_stay()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = new SupportApiFactory(services: services => services.AddSingleton<TimeProvider>(clock));
        using var admin = api.Admin();
        var organization = await admin.CreateOrganizationAsync("Markers Ltd");
        using var agent = api.ClientWithKey(await admin.CreateApiKeyAsync("agent"));
        await agent.SubmitTicketAsync(Api.Ticket(organization));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var query = store.QuerySession();
            return await query.Query<HandledEvent>().AnyAsync();
        }, what: "the ticket's events handled");

        // An event some handler still retries: its other handlers' markers must stay.
        var pending = Guid.NewGuid();
        await using (var session = store.LightweightSession())
        {
            session.Store(new OutboxMessage { Id = pending, EventType = "Nothing", Payload = "{}", RecordedAt = clock.GetUtcNow(), NextAttemptAt = DateTimeOffset.MaxValue });
            session.Store(new HandledEvent { Id = $"SomeHandler/{pending}", HandledAt = clock.GetUtcNow() });
            await session.SaveChangesAsync();
        }

        var job = api.Services.GetRequiredService<HandledEventCleanupJob>();
        var tooEarly = await job.DeleteSettledAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(async () =>
        {
            await using var query = store.QuerySession();
            return !await query.Query<OutboxMessage>().AnyAsync(m => m.Id != pending); // every other event settled (retries are due now)
        }, what: "the outbox to settle");
        var deleted = await job.DeleteSettledAsync(CancellationToken.None);

        await using var check = store.QuerySession();
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(1);
        var left = await check.Query<HandledEvent>().Where(m => m.HandledAt < cutoff).Select(m => m.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(tooEarly, Is.Zero, "within the retention nothing goes");
            Assert.That(deleted, Is.GreaterThan(0));
            Assert.That(left, Is.EqualTo(new[] { $"SomeHandler/{pending}" }));
        });
    }
}
