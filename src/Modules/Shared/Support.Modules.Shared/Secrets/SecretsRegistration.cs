using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Support.Modules.Shared.Secrets;

public static class SecretsRegistration
{
    /// <summary>The Data Protection application name: hosts sharing it (and the key ring) read each other's payloads.</summary>
    public const string ApplicationName = "Support";

    /// <summary>
    /// ASP.NET Core Data Protection for the whole host, with its key ring in PostgreSQL (table
    /// <c>dataprotection.key_element</c>, created with the schema), and <see cref="SecretProtector"/>.
    /// Needs the Marten store. Once per container.
    /// </summary>
    public static IServiceCollection AddSupportDataProtection(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(DataProtectionRegistered)))
        {
            return services;
        }

        services.AddSingleton<DataProtectionRegistered>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<PostgresXmlRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<PostgresXmlRepository>((options, repository) =>
        {
            options.XmlRepository = repository;

            // Keys are kept unencrypted at rest, by decision (docs/adr/0011). Saying so explicitly, rather than
            // leaving no encryptor, stops the key manager's warning at each new key; built without services,
            // this encryptor logs nothing either. The repository logs each key it stores instead.
            options.XmlEncryptor = new NullXmlEncryptor();
        });
        services.ConfigureMarten(marten => marten.Storage.ExtendedSchemaObjects.Add(PostgresXmlRepository.Table()));
        InsertBeforeDataProtectionStart(services, ServiceDescriptor.Singleton<IHostedService, KeyRingBootstrap>());
        services.AddSingleton<SecretProtector>();
        return services;
    }

    /// <summary>
    /// Places the bootstrap just before Data Protection's own hosted service, which reads the ring (and
    /// creates a key if none) at start. Marten puts its schema service first, wherever it is registered.
    /// </summary>
    private static void InsertBeforeDataProtectionStart(IServiceCollection services, ServiceDescriptor bootstrap)
    {
        var dataProtection = typeof(KeyManagementOptions).Assembly;
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
                && descriptor.ImplementationType?.Assembly == dataProtection)
            {
                services.Insert(i, bootstrap);
                return;
            }
        }

        services.Add(bootstrap);
    }

    private sealed class DataProtectionRegistered;
}
