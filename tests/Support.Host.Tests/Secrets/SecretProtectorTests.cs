using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NUnit.Framework;
using Support.Modules.Shared.Secrets;
using Support.Testing;

namespace Support.Host.Tests.Secrets;

/// <summary>
/// Secrets (IMAP passwords) protected by one host are unprotected by any other host and after restarts,
/// because the Data Protection key ring lives in PostgreSQL.
/// </summary>
public sealed class SecretProtectorTests
{
    private const string Password = "imap-p@ssw0rd-é";

    [Test]
    public async Task Given_a_secret_protected_by_one_host_Then_a_second_host_and_a_host_started_after_it_stopped_unprotect_it()
    {
        var connectionString = TestPostgres.Instance.CreateDatabase();
        var first = new SupportApiFactory(connectionString);
        string byFirst;
        string bySecond;
        string readBySecond;
        string readByFirst;
        await using (var second = new SupportApiFactory(connectionString))
        {
            byFirst = Protector(first).Protect(Password);
            readBySecond = Protector(second).Unprotect(byFirst);
            bySecond = Protector(second).Protect(Password);
            readByFirst = Protector(first).Unprotect(bySecond);
        }

        await first.DisposeAsync();
        await using var third = new SupportApiFactory(connectionString);
        var protector = Protector(third);
        var keys = await KeyRowsAsync(connectionString);

        Assert.Multiple(() =>
        {
            Assert.That(byFirst, Does.Not.Contain("imap"), "the protected text does not show the secret");
            Assert.That(readBySecond, Is.EqualTo(Password));
            Assert.That(readByFirst, Is.EqualTo(Password));
            Assert.That(protector.Unprotect(byFirst), Is.EqualTo(Password), "after the first host stopped");
            Assert.That(protector.Unprotect(bySecond), Is.EqualTo(Password));
            Assert.That(keys, Has.Count.EqualTo(1), "three hosts, one key ring, one key");
            Assert.That(keys[0].FriendlyName, Does.StartWith("key-"));
            Assert.That(keys[0].Xml.Name.LocalName, Is.EqualTo("key"));
            Assert.That(keys[0].Xml.Descendants("masterKey"), Is.Not.Empty);
        });
    }

    [Test]
    public async Task Given_hosts_starting_at_once_on_a_new_database_Then_they_create_one_key_and_read_each_others_secrets()
    {
        var connectionString = TestPostgres.Instance.CreateDatabase();
        var hosts = Enumerable.Range(0, 3).Select(_ => new SupportApiFactory(connectionString)).ToList();
        try
        {
            var protectors = await Task.WhenAll(hosts.Select(host => Task.Run(() => Protector(host))));
            var secrets = protectors.Select((protector, i) => (Plain: $"{Password}-{i}", Protected: protector.Protect($"{Password}-{i}"))).ToList();

            var read = protectors.SelectMany(protector => secrets.Select(secret => protector.Unprotect(secret.Protected) == secret.Plain)).ToList();
            var keys = await KeyRowsAsync(connectionString);

            // The lock is taken only if the bootstrap runs after Marten creates the table and before Data Protection reads the ring.
            var started = hosts[0].Services.GetServices<IHostedService>().Select(service => service.GetType().Name).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(read, Has.Count.EqualTo(9).And.All.True);
                Assert.That(keys, Has.Count.EqualTo(1), "the first key is created once, under a lock");
                Assert.That(started.IndexOf("MartenActivator"), Is.GreaterThanOrEqualTo(0).And.LessThan(started.IndexOf(nameof(KeyRingBootstrap))));
                Assert.That(started.IndexOf(nameof(KeyRingBootstrap)), Is.LessThan(started.IndexOf("DataProtectionHostedService")));
            });
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Given_text_that_is_no_secret_of_this_service_Then_unprotecting_it_raises_SecretUnprotectException()
    {
        await using var api = new SupportApiFactory();
        await using var elsewhere = new SupportApiFactory();
        var protector = Protector(api);
        var genuine = protector.Protect(Password);
        var middle = genuine.Length / 2;
        var tampered = string.Concat(genuine.AsSpan(0, middle), genuine[middle] == 'A' ? "B" : "A", genuine.AsSpan(middle + 1));
        var otherPurpose = api.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Support.Other").Protect(Password);
        var otherKeyRing = Protector(elsewhere).Protect(Password);

        Assert.Multiple(() =>
        {
            foreach (var (what, text) in new[] { ("garbage", "not a protected secret"), ("empty", ""), ("tampered", tampered), ("another purpose", otherPurpose), ("another key ring", otherKeyRing) })
            {
                var exception = Assert.Throws<SecretUnprotectException>(() => protector.Unprotect(text), what);
                if (text.Length > 0)
                {
                    Assert.That(exception!.Message, Does.Not.Contain(text), $"{what}: the message does not quote the text");
                }
            }

            Assert.That(protector.Unprotect(genuine), Is.EqualTo(Password));
            Assert.That(protector.Unprotect(protector.Protect("")), Is.Empty);
        });
    }

    [Test]
    public async Task Given_a_new_database_Then_the_host_starts_without_data_protection_warnings_and_logs_the_key_it_stored()
    {
        var logs = new LogCapture();
        await using var api = new SupportApiFactory(
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Support.Modules.Shared.Secrets"] = "Information" },
            services: services => services.AddSingleton<ILoggerProvider>(logs));

        Protector(api).Protect(Password);

        var dataProtection = logs.Entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(dataProtection.Where(e => e.Level >= LogLevel.Warning).Select(e => e.Message), Is.Empty);
            Assert.That(logs.Entries.Where(e => e.Category == typeof(PostgresXmlRepository).FullName).Select(e => e.Message),
                Has.One.Matches<string>(m => m is not null && m.StartsWith("Stored Data Protection element key-", StringComparison.Ordinal) && m.Contains("not encrypted at rest", StringComparison.Ordinal)));
        });
    }

    private static SecretProtector Protector(SupportApiFactory host) => host.Services.GetRequiredService<SecretProtector>();

    private static async Task<List<(string? FriendlyName, XElement Xml)>> KeyRowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select friendly_name, xml from {PostgresXmlRepository.TableName}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, XElement)>();
        while (await reader.ReadAsync())
        {
            rows.Add((await reader.IsDBNullAsync(0) ? null : reader.GetString(0), XElement.Parse(reader.GetString(1))));
        }

        return rows;
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
