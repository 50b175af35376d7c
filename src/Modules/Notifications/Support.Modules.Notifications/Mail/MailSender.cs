using JasperFx;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Support.Modules.Notifications.Mail;

/// <summary>Wakes the sender when a transaction that queued emails has committed.</summary>
internal sealed class MailSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}

/// <summary>After a commit that queued emails, wakes <see cref="MailSender"/>.</summary>
internal sealed class OutgoingEmailListener(MailSignal signal) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.Inserted.OfType<OutgoingEmail>().Any() || commit.Updated.OfType<OutgoingEmail>().Any(e => e.Status == EmailStatus.Pending))
        {
            signal.Wake();
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Sends the queued emails (NO-7): each is claimed by one host (its claim is a write checked by
/// optimistic concurrency, so two hosts never both send it), sent, and its outcome recorded. A failure
/// is tried again with back-off, up to <see cref="MailOptions.MaxAttempts"/>, then kept as failed for an
/// administrator. Stopping the host lets the email being sent finish and be recorded.
/// </summary>
internal sealed class MailSender(
    IDocumentStore store, IMailTransport transport, EmailComposer composer, MailSignal signal, IOptions<MailOptions> options,
    TimeProvider clock, ILogger<MailSender> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) == BatchSize && !stoppingToken.IsCancellationRequested)
                {
                    // A full batch: more may be due.
                }

                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The mail sender failed; it tries again shortly.");
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends what is due now; answers how many were due.</summary>
    public async Task<int> SendDueAsync(CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<Guid> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<OutgoingEmail>()
                .Where(x => x.Status == EmailStatus.Pending && x.NextAttemptAt <= now)
                .OrderBy(x => x.NextAttemptAt)
                .Take(BatchSize)
                .Select(x => x.Id)
                .ToListAsync(stoppingToken);
        }

        foreach (var id in due)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await SendOneAsync(id);
        }

        return due.Count;
    }

    private async Task SendOneAsync(Guid id)
    {
        // Once claimed, the email is sent and recorded even if the host is stopping: no cancellation here.
        await using var session = store.LightweightSession();
        var email = await session.LoadAsync<OutgoingEmail>(id);
        var now = clock.GetUtcNow();
        if (email is not { Status: EmailStatus.Pending } || email.NextAttemptAt > now)
        {
            return;
        }

        email.Attempts++;
        email.NextAttemptAt = now + options.Value.SendLease;
        session.Store(email);
        try
        {
            await session.SaveChangesAsync();
        }
        catch (ConcurrencyException)
        {
            return; // another host claimed it
        }

        try
        {
            // The send must end well within the claim, or another host could claim and send it again.
            using var withinLease = new CancellationTokenSource(options.Value.SendLease / 2, clock);
            await transport.SendAsync(composer.Compose(email), withinLease.Token);
            email.Status = EmailStatus.Sent;
            email.SentAt = clock.GetUtcNow();
            email.LastError = null;
        }
        catch (Exception exception)
        {
            email.LastError = $"{exception.GetType().Name}: {exception.Message}";
            if (email.Attempts >= options.Value.MaxAttempts)
            {
                email.Status = EmailStatus.Failed;
                logger.LogError(exception, "Email {MessageId} ({Template}, {TicketNumber}) failed {Attempts} times; it waits for an administrator.",
                    email.MessageId, email.Template, email.TicketNumber, email.Attempts);
            }
            else
            {
                email.NextAttemptAt = clock.GetUtcNow() + RetryDelay(email.Attempts);
                logger.LogWarning(exception, "Email {MessageId} ({Template}, {TicketNumber}) failed (attempt {Attempts}); next try at {NextAttemptAt}.",
                    email.MessageId, email.Template, email.TicketNumber, email.Attempts, email.NextAttemptAt);
            }
        }

        session.Store(email);
        try
        {
            await session.SaveChangesAsync();
        }
        catch (ConcurrencyException)
        {
            logger.LogWarning("Email {MessageId} ({Template}, {TicketNumber}) changed while it was being sent; its outcome was not recorded and it may be sent again.",
                email.MessageId, email.Template, email.TicketNumber);
        }
    }

    private TimeSpan RetryDelay(int attempts)
    {
        var delay = options.Value.RetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < options.Value.MaxRetryDelay ? delay : options.Value.MaxRetryDelay;
    }
}
