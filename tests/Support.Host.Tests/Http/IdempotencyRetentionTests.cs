using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NUnit.Framework;
using Support.Host.Idempotency;
using Support.Testing;

namespace Support.Host.Tests.Http;

/// <summary>Idempotency records live for <c>Support:Idempotency:Retention</c>, then a clustered Quartz job deletes them.</summary>
public sealed class IdempotencyRetentionTests
{
    private static Task<HttpResponseMessage> PostOrganizationAsync(HttpClient client, string name, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/organizations")
        {
            Content = JsonContent.Create(new { name, language = "en", contract = "standard" }, options: Api.Json),
        };
        request.Headers.Add(IdempotencyMiddleware.HeaderName, key);
        return client.SendAsync(request);
    }

    [Test]
    public async Task Given_records_past_their_retention_Then_the_key_starts_afresh_and_the_cleanup_job_deletes_them()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = new SupportApiFactory(
            settings: new Dictionary<string, string?> { ["Support:Idempotency:Retention"] = "01:00:00" },
            services: services => services.AddSingleton<TimeProvider>(clock));
        var admin = api.Admin();
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var reused = Guid.NewGuid().ToString();
        var forgotten = Guid.NewGuid().ToString();

        var first = await (await PostOrganizationAsync(admin, "Before", reused)).ExpectAsync(HttpStatusCode.Created);
        await (await PostOrganizationAsync(admin, "Forgotten", forgotten)).ExpectAsync(HttpStatusCode.Created);
        clock.Advance(TimeSpan.FromMinutes(59));
        var withinRetention = await PostOrganizationAsync(admin, "Before", reused);
        clock.Advance(TimeSpan.FromMinutes(2));
        var afterRetention = await PostOrganizationAsync(admin, "Before", reused);
        var after = await afterRetention.ExpectAsync(HttpStatusCode.Created);

        await api.Services.GetRequiredService<IdempotencyCleanupJob>().DeleteExpiredAsync(CancellationToken.None);

        await using var session = store.QuerySession();
        var left = await session.Query<IdempotencyRecord>().Select(r => r.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(withinRetention.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName), Is.True, "replayed within the retention");
            Assert.That(afterRetention.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName), Is.False, "a new request after it");
            Assert.That(after["id"]!.GetValue<string>(), Is.Not.EqualTo(first["id"]!.GetValue<string>()));
            Assert.That(left, Has.Count.EqualTo(1), "only the record of the request after the retention is left");
            Assert.That(left.Single(), Does.EndWith($"/{reused}"));
        });
    }

    [Test]
    public async Task Given_a_started_host_Then_quartz_keeps_the_idempotency_cleanup_in_its_clustered_store()
    {
        await using var api = new SupportApiFactory();
        _ = api.Services;

        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(api.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from qrtz_triggers where trigger_name = 'idempotency-cleanup'", connection);
            try
            {
                return (long)(await command.ExecuteScalarAsync())! == 1;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return false;
            }
        }, what: "the idempotency cleanup trigger in the Quartz tables");
    }
}
