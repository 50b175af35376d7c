using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using NUnit.Framework;
using Support.Testing;

namespace Support.Host.Tests.Platform;

/// <summary>
/// The README's first command, as a user runs it: build/run.sh brings up its own PostgreSQL and the
/// host, a ticket's email lands in the pickup folder, SIGTERM stops both, and a second run reuses the data.
/// </summary>
[NonParallelizable]
public sealed class RunScriptTests
{
    private static readonly string RepositoryRoot = Repository.Root;
    private string _dataDirectory = null!;

    [SetUp]
    public void CreateDataDirectory()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), $"support-run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDirectory);
    }

    [TearDown]
    public void RemoveDataDirectory()
    {
        var cluster = Path.Combine(_dataDirectory, "postgres");
        if (File.Exists(Path.Combine(cluster, "postmaster.pid")))
        {
            ProcessRunner.Run("bash", ["-c", $"source '{RepositoryRoot}/build/lib.sh' && pg_stop '{cluster}'"]);
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Test]
    public async Task Given_a_fresh_data_directory_Then_run_sh_serves_tickets_stops_cleanly_on_sigterm_and_reuses_its_data()
    {
        var port = ProcessRunner.FreePort();
        string organizationId;
        using (var first = await StartAsync(port))
        {
            var key = (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "admin-key"))).Trim();
            using var client = Client(port, key);
            organizationId = await client.CreateOrganizationAsync("Run script customer");
            await client.SubmitTicketAsync(Api.Ticket(organizationId, subject: "Sent through run.sh"));

            var email = await Eventually.ValueAsync(
                () => Task.FromResult(Directory.Exists(Path.Combine(_dataDirectory, "mail"))
                    ? Directory.GetFiles(Path.Combine(_dataDirectory, "mail"), "*.eml").FirstOrDefault()
                    : null),
                what: "the ticket-opened email in the pickup folder");
            Assert.That(await File.ReadAllTextAsync(email), Does.Contain("Sent through run.sh"));

            await StopAsync(first);
        }

        Assert.That(File.Exists(Path.Combine(_dataDirectory, "postgres", "postmaster.pid")), Is.False, "PostgreSQL was stopped with the host");

        // A fresh port: the first one may have been taken meanwhile by another process's outgoing connection.
        var secondPort = ProcessRunner.FreePort();
        using var second = await StartAsync(secondPort);
        var sameKey = (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "admin-key"))).Trim();
        using var again = Client(secondPort, sameKey);
        var organization = await again.GetAsync($"/api/v1/organizations/{organizationId}");
        await StopAsync(second);

        Assert.That(organization.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the second run reused the first run's data and key");
    }

    private async Task<Process> StartAsync(int port)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "build", "run.sh")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["Support__DataDirectory"] = _dataDirectory;
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["SUPPORT_NO_BUILD"] = "1";
        info.Environment.Remove("ConnectionStrings__Support");
        info.Environment.Remove("Support__Bootstrap__AdminKey");
        var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.TrueAsync(async () =>
        {
            Assert.That(process.HasExited, Is.False, $"run.sh exited before the service was ready:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            try
            {
                return (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromMinutes(4), "run.sh to bring the service up");
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        ProcessRunner.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    private static HttpClient Client(int port, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
