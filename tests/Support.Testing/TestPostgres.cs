using Npgsql;

namespace Support.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's binaries, once per test run (test
/// assembly), in a temporary folder on a free loopback port. No Docker: the real server, as in production.
/// </summary>
public sealed class TestPostgres : IDisposable
{
    private static readonly Lazy<TestPostgres> Shared = new(() => new TestPostgres());
    private readonly string _directory;
    private readonly string _bin;
    private int _databases;

    private TestPostgres()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql: run build/test.sh, which installs them.");
        _directory = Path.Combine(Path.GetTempPath(), $"support-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        if (ProcessRunner.IsRoot)
        {
            ProcessRunner.Run("chown", ["postgres:", _directory]);
        }

        var data = Path.Combine(_directory, "data");
        Port = ProcessRunner.FreePort();
        ProcessRunner.Run(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgres: true);
        ProcessRunner.Run(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", data, "-w", "-t", "60", "-l", Path.Combine(_directory, "server.log"),
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {_directory} -c max_connections=300 -c fsync=off -c full_page_writes=off",
            "start",
        ], asPostgres: true);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public static TestPostgres Instance => Shared.Value;

    public static void StopIfStarted()
    {
        if (Shared.IsValueCreated)
        {
            Shared.Value.Dispose();
        }
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>A new empty database: each host fixture gets its own, so fixtures never see each other's data.</summary>
    public string CreateDatabase()
    {
        var name = $"support_{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"create database {name}", connection);
        command.ExecuteNonQuery();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=50";
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            ProcessRunner.Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], asPostgres: true, timeoutSeconds: 30);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
