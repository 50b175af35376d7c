using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Support.Modules.Shared.Messaging;

/// <summary>
/// Outbox messages just committed by this process, for immediate delivery. Remembers which are
/// queued or being delivered here, so the sweep leaves them to the pump even when it lags behind.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Channel<OutboxMessage> _channel = Channel.CreateUnbounded<OutboxMessage>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<Guid, byte> _pending = new();

    public void Committed(OutboxMessage message)
    {
        _pending.TryAdd(message.Id, 0);
        _channel.Writer.TryWrite(message);
    }

    public ChannelReader<OutboxMessage> Reader => _channel.Reader;

    public ICollection<Guid> PendingIds() => _pending.Keys;

    public void Done(Guid messageId) => _pending.TryRemove(messageId, out _);
}

/// <summary>
/// Delivers events right after their commit. If this process dies first, nothing is lost: the
/// message is still in the outbox and <see cref="OutboxSweepJob"/> delivers it.
/// </summary>
public sealed class OutboxPump(OutboxSignal signal, OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, ILogger<OutboxPump> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        var workers = Enumerable.Range(0, Math.Max(1, options.Value.Workers))
            .Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken));
        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in signal.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await dispatcher.DispatchAsync(message, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The message stays in the outbox; the sweep job retries it.
                    logger.LogError(exception, "Immediate delivery of outbox message {MessageId} failed", message.Id);
                }
                finally
                {
                    signal.Done(message.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
