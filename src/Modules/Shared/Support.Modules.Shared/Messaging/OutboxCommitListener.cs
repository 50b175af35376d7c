using Marten;
using Marten.Services;

namespace Support.Modules.Shared.Messaging;

/// <summary>Tells the pump about outbox messages once their transaction has committed.</summary>
internal sealed class OutboxCommitListener(OutboxSignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var message in commit.Inserted.OfType<OutboxMessage>())
        {
            signal.Committed(message);
        }

        return Task.CompletedTask;
    }
}
