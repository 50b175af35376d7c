using Marten;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Support.Modules.Shared.Secrets;

/// <summary>
/// Creates the key ring's first key under a PostgreSQL advisory lock, before Data Protection reads the
/// ring at start. Without it, hosts starting together on a new database (or after every key expired)
/// would each create a key of their own and, until their ring's daily refresh, fail to unprotect what
/// another protected. Later keys are created ahead of need by Data Protection itself and reach every
/// host before they are used.
/// </summary>
internal sealed class KeyRingBootstrap(IDocumentStore store, IKeyManager keyManager, IOptions<KeyManagementOptions> options) : IHostedService
{
    /// <summary>The advisory lock id, unique to this use ("SPDPKEYS").</summary>
    private const long LockId = 0x5350_4450_4B45_5953;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = LockId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Data Protection goes by the system clock, whatever clock the rest of the service is given.
        var now = TimeProvider.System.GetUtcNow();
        if (!keyManager.GetAllKeys().Any(key => !key.IsRevoked && key.ExpirationDate > now))
        {
            keyManager.CreateNewKey(now, now + options.Value.NewKeyLifetime);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
