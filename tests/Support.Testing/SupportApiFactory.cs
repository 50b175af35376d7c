using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Support.Testing;

/// <summary>
/// The real host (<c>Program</c>) over a real PostgreSQL database of its own. Settings are the
/// production defaults except where a test needs time to pass quickly.
/// </summary>
public sealed class SupportApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-bootstrap-admin-key";
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public SupportApiFactory(
        string? connectionString = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        ConnectionString = connectionString ?? TestPostgres.Instance.CreateDatabase();
        DataDirectory = Path.Combine(Path.GetTempPath(), $"support-data-{Guid.NewGuid():N}");
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
    }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public string PickupDirectory => Path.Combine(DataDirectory, "mail");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Support"] = ConnectionString,
            ["Support:Bootstrap:AdminKey"] = AdminKey,
            ["Support:DataDirectory"] = DataDirectory,
            ["Support:Outbox:SweepInterval"] = "00:00:01",
            ["Support:Outbox:Grace"] = "00:00:02",
            ["Support:Outbox:RetryBaseDelay"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>An HTTP client sending this API key (none when null).</summary>
    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public HttpClient Admin() => ClientWithKey(AdminKey);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
