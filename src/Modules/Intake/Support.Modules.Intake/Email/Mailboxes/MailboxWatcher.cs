using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Support.Modules.Intake.Email.Ingestion;
using Support.Modules.Shared.Secrets;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Email.Mailboxes;

/// <summary>Wakes the watcher when an administrator changed the mailboxes, instead of at its next look.</summary>
internal sealed class MailboxSignal
{
    private readonly SemaphoreSlim _changed = new(0);

    public void Changed() => _changed.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Reads every enabled mailbox (IN-5), on every host, one host per mailbox at a time: a worker
/// holds a PostgreSQL advisory lock for its mailbox while it reads it (freed by the database if the
/// host dies), so two hosts never read one mailbox at once; the unique record of each message
/// stops a second ingestion anyway. New messages are read in UID order; each is ingested with its
/// UID as the mailbox's checkpoint in one transaction, and only then marked <c>\Seen</c> on the
/// server. Then the worker waits for new mail with IDLE where the server offers it, else polls.
/// </summary>
internal sealed class MailboxWatcher(
    IServiceScopeFactory scopes, IDocumentStore store, MailboxSignal signal, IOptions<InboundMailOptions> options, TimeProvider clock,
    ILogger<MailboxWatcher> logger) : BackgroundService
{
    private readonly Dictionary<Guid, Worker> _workers = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "The list of mailboxes could not be read; trying again");
                }

                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            foreach (var worker in _workers.Values)
            {
                await worker.Stop.CancelAsync();
            }

            await Task.WhenAll(_workers.Values.Select(w => w.Running));
        }
    }

    /// <summary>One worker per enabled mailbox, started again when its settings changed.</summary>
    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<Mailbox> mailboxes;
        await using (var query = store.QuerySession())
        {
            mailboxes = await query.Query<Mailbox>().Where(m => m.Enabled).ToListAsync(stoppingToken);
        }

        foreach (var (id, worker) in _workers.ToList())
        {
            if (worker.Running.IsCompleted || !mailboxes.Any(m => m.Id == id && m.UpdatedAt == worker.Version))
            {
                await worker.Stop.CancelAsync();
                await worker.Running;
                _workers.Remove(id);
            }
        }

        foreach (var mailbox in mailboxes.Where(m => !_workers.ContainsKey(m.Id)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _workers[mailbox.Id] = new Worker(mailbox.UpdatedAt, stop, Task.Run(() => WatchAsync(mailbox, stop.Token), CancellationToken.None));
        }
    }

    private async Task WatchAsync(Mailbox mailbox, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var held = await TryLockAsync(mailbox.Id, stop);
                if (held is not null)
                {
                    try
                    {
                        await ReadOrRecordErrorAsync(mailbox, held, stop);
                    }
                    finally
                    {
                        await UnlockAsync(held, mailbox.Id);
                    }
                }

                // Another host reads it, or it failed: look again later. Polling cadence is real time, not the business clock.
                await Task.Delay(held is null ? options.Value.PollInterval : options.Value.RetryDelay, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Mailbox {MailboxName} ({MailboxId}) could not be locked; trying again", mailbox.Name, mailbox.Id);
                try
                {
                    await Task.Delay(options.Value.RetryDelay, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Reads while the lock is held; a failure is recorded on the mailbox's status (by its holder only, so no checkpoint goes back).</summary>
    private async Task ReadOrRecordErrorAsync(Mailbox mailbox, NpgsqlConnection held, CancellationToken stop)
    {
        try
        {
            await ReadAsync(mailbox, held, stop);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Mailbox {MailboxName} ({MailboxId}) failed; trying again in {RetryDelay}", mailbox.Name, mailbox.Id, options.Value.RetryDelay);
            await RecordErrorAsync(mailbox.Id, exception, stop);
        }
    }

    /// <summary>Connected and reading, as long as this host holds the mailbox.</summary>
    private async Task ReadAsync(Mailbox mailbox, NpgsqlConnection held, CancellationToken stop)
    {
        using var client = new ImapClient();
        var imap = mailbox.Imap;
        await client.ConnectAsync(imap.Host, imap.Port, SocketOptions(imap), stop);
        string password;
        using (var scope = scopes.CreateScope())
        {
            password = scope.ServiceProvider.GetRequiredService<SecretProtector>().Unprotect(imap.ProtectedPassword);
        }

        await client.AuthenticateAsync(imap.UserName, password, stop);
        var folder = await client.GetFolderAsync(imap.Folder, stop);
        await folder.OpenAsync(FolderAccess.ReadWrite, stop);
        var checkpoint = await LoadCheckpointAsync(mailbox.Id, stop);
        if (checkpoint.Mailbox != Fingerprint(imap))
        {
            // Written for other settings (by a host that had not seen the change yet): not this folder's.
            checkpoint = new MailboxCheckpoint { Id = mailbox.Id };
        }

        checkpoint.Mailbox = Fingerprint(imap);
        var idle = client.Capabilities.HasFlag(ImapCapabilities.Idle);
        while (!stop.IsCancellationRequested)
        {
            await EnsureStillHeldAsync(held, stop);
            checkpoint = await IngestNewAsync(mailbox, folder, checkpoint, stop);
            checkpoint.LastPollAt = clock.GetUtcNow();
            checkpoint.LastError = null;
            checkpoint.Idle = idle;
            await SaveCheckpointAsync(checkpoint, stop);
            if (idle)
            {
                // IDLE until the server announces new mail, or the poll interval ends (servers drop long IDLEs).
                using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
                done.CancelAfter(options.Value.PollInterval);
                void Arrived(object? sender, EventArgs e) => done.Cancel();
                folder.CountChanged += Arrived;
                try
                {
                    await client.IdleAsync(done.Token, stop);
                }
                finally
                {
                    folder.CountChanged -= Arrived;
                }
            }
            else
            {
                await Task.Delay(options.Value.PollInterval, stop);
            }
        }

        await client.DisconnectAsync(quit: true, CancellationToken.None);
    }

    /// <summary>
    /// Every message after the checkpoint, in UID order. On a mailbox's first reading, or after its
    /// server changed UIDVALIDITY, the unread messages only: the mail read before the service came
    /// is not support's to answer, and duplicates are recognised by Message-ID anyway.
    /// </summary>
    private async Task<MailboxCheckpoint> IngestNewAsync(Mailbox mailbox, IMailFolder folder, MailboxCheckpoint checkpoint, CancellationToken stop)
    {
        IList<UniqueId> uids;
        if (checkpoint.UidValidity != folder.UidValidity || checkpoint.LastUid == 0)
        {
            checkpoint.UidValidity = folder.UidValidity;
            checkpoint.LastUid = 0;
            uids = await folder.SearchAsync(SearchQuery.NotSeen, stop);
        }
        else
        {
            uids = await folder.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(checkpoint.LastUid + 1), UniqueId.MaxValue)), stop);
        }

        var wanted = uids.Where(u => u.Id > checkpoint.LastUid).OrderBy(u => u.Id).ToList();
        var sizes = wanted.Count == 0
            ? new Dictionary<uint, long>()
            : (await folder.FetchAsync(wanted, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, stop))
                .ToDictionary(s => s.UniqueId.Id, s => (long)(s.Size ?? 0));
        foreach (var uid in wanted)
        {
            // A message over the limit is not downloaded whole: its headers are kept, and it is quarantined.
            var size = sizes.GetValueOrDefault(uid.Id);
            var tooLarge = size > options.Value.MaxMessageBytes;
            byte[] raw;
            await using (var stream = await folder.GetStreamAsync(uid, tooLarge ? "HEADER" : string.Empty, stop))
            using (var buffer = new MemoryStream())
            {
                await stream.CopyToAsync(buffer, stop);
                raw = buffer.ToArray();
            }

            var next = Copy(checkpoint, uid.Id);
            using (var scope = scopes.CreateScope())
            {
                var ingestion = scope.ServiceProvider.GetRequiredService<EmailIngestion>();
                await ingestion.IngestAsync(raw, mailbox.Id, session => session.Store(next), stop, tooLarge ? size : null);
            }

            checkpoint = next;

            // Only once the ticket (or the quarantine) is committed: a crash before leaves it unread, and
            // its next reading is recognised as a duplicate.
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, stop);
        }

        return checkpoint;
    }

    private static SecureSocketOptions SocketOptions(ImapSettings imap) => imap.UseTls
        ? imap.Port == 993 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls
        : SecureSocketOptions.None;

    /// <summary>The mailbox's advisory lock on a connection of its own, held until disposed; null when another host holds it.</summary>
    private async Task<NpgsqlConnection?> TryLockAsync(Guid mailboxId, CancellationToken stop)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(stop);
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = LockKey(mailboxId) });
        if (await command.ExecuteScalarAsync(stop) is true)
        {
            return connection;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Released explicitly: the connection goes back to the pool, where a lock would stay until the
    /// connection is reused or closed, keeping every host (this one too) out of the mailbox.
    /// </summary>
    private async Task UnlockAsync(NpgsqlConnection held, Guid mailboxId)
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock($1)", held);
            command.Parameters.Add(new NpgsqlParameter { Value = LockKey(mailboxId) });
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (NpgsqlException exception)
        {
            // The connection is gone, and the lock with it.
            logger.LogDebug(exception, "The lock of mailbox {MailboxId} went with its connection", mailboxId);
        }
    }

    /// <summary>A lost connection is a lost lock: stop reading before another host starts.</summary>
    private static async Task EnsureStillHeldAsync(NpgsqlConnection held, CancellationToken stop)
    {
        await using var command = new NpgsqlCommand("select 1", held);
        await command.ExecuteScalarAsync(stop);
    }

    /// <summary>A key of its own for each mailbox, in a range no other advisory lock of the service uses.</summary>
    private static long LockKey(Guid mailboxId) => BitConverter.ToInt64(mailboxId.ToByteArray(), 8) ^ 0x4d61696c626f78; // "Mailbox"

    private async Task<MailboxCheckpoint> LoadCheckpointAsync(Guid mailboxId, CancellationToken stop)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<MailboxCheckpoint>(mailboxId, stop) ?? new MailboxCheckpoint { Id = mailboxId };
    }

    private async Task SaveCheckpointAsync(MailboxCheckpoint checkpoint, CancellationToken stop)
    {
        await using var session = store.LightweightSession();
        session.Store(checkpoint);
        await session.SaveChangesAsync(stop);
    }

    private async Task RecordErrorAsync(Guid mailboxId, Exception exception, CancellationToken stop)
    {
        try
        {
            var checkpoint = await LoadCheckpointAsync(mailboxId, stop);
            checkpoint.LastError = exception.Message;
            checkpoint.LastErrorAt = clock.GetUtcNow();
            await SaveCheckpointAsync(checkpoint, stop);
        }
        catch (Exception recording) when (recording is not OperationCanceledException)
        {
            logger.LogWarning(recording, "The error of mailbox {MailboxId} could not be recorded", mailboxId);
        }
    }

    /// <summary>Which folder of which account on which server a checkpoint is about.</summary>
    private static string Fingerprint(ImapSettings imap) => $"{imap.Host.ToLowerInvariant()}:{imap.Port}/{imap.UserName}/{imap.Folder}";

    private static MailboxCheckpoint Copy(MailboxCheckpoint checkpoint, uint lastUid) => new()
    {
        Id = checkpoint.Id,
        Mailbox = checkpoint.Mailbox,
        UidValidity = checkpoint.UidValidity,
        LastUid = lastUid,
        LastPollAt = checkpoint.LastPollAt,
        LastError = checkpoint.LastError,
        LastErrorAt = checkpoint.LastErrorAt,
        Idle = checkpoint.Idle,
    };

    private sealed record Worker(DateTimeOffset Version, CancellationTokenSource Stop, Task Running);
}
