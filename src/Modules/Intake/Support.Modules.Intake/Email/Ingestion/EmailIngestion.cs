using Marten;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Email.Content;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Organizations.Contacts;
using Support.Modules.Intake.Organizations.FindSender;
using Support.Modules.Intake.Organizations.UnknownSenders;
using Support.Modules.Intake.Queues;
using Support.Modules.Intake.Tickets;
using Support.Modules.Notifications.Contracts;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Messaging;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Intake.Email.Ingestion;

/// <summary>What a person decided on a received email that intake did not turn into a ticket by itself.</summary>
internal enum IngestionOverride
{
    /// <summary>Nothing: intake decides.</summary>
    None,

    /// <summary>An administrator retries a quarantined email or releases a throttled one: the sender's hourly limit does not apply.</summary>
    Release,

    /// <summary>An agent accepts a held reply: its sender may write on the ticket.</summary>
    AcceptSender,
}

/// <summary>The received email's record, and whether it had been received before (nothing was done again).</summary>
internal sealed record IngestionOutcome(InboundEmail Email, bool Duplicate);

/// <summary>A message that cannot be ingested as it is: kept whole, with the reason, for an administrator.</summary>
internal sealed class QuarantineException(string reason) : Exception(reason);

/// <summary>
/// The one way email comes in, whether an IMAP mailbox was read or a mail server handed it over
/// (IN-5, IN-7, NF-2): a received message is recorded exactly once, with its raw content, in the
/// transaction that opens its ticket or hands the reply to Triage; a message that cannot be read or
/// stored is quarantined instead of blocking its mailbox; machines are never answered; bounces
/// are delivery failures, not tickets; a stranger's reply is held for an agent.
/// </summary>
internal sealed class EmailIngestion(
    IDocumentStore store,
    IMediator mediator,
    TimeProvider clock,
    IOptions<InboundMailOptions> options,
    IOptions<AttachmentOptions> attachmentOptions,
    ILogger<EmailIngestion> logger)
{
    /// <summary>Who the history says recorded what email brought in.</summary>
    public const string By = "email";

    private const int MaxSubject = 250;
    private const int MaxBody = 100_000;

    /// <summary>Ingests a message as received, once: the same message again answers its first record.</summary>
    /// <param name="raw">The message, RFC 5322 bytes.</param>
    /// <param name="mailboxId">The mailbox it was read from, if it was.</param>
    /// <param name="checkpoint">Writes the caller commits with the outcome (a mailbox's last UID), so they are never ahead or behind it.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <param name="declaredSize">The message's size as its server gave it, when only its headers were read because it is too large.</param>
    public async Task<IngestionOutcome> IngestAsync(
        byte[] raw, Guid? mailboxId, Action<IDocumentSession>? checkpoint, CancellationToken cancellationToken, long? declaredSize = null)
    {
        var now = clock.GetUtcNow();
        var message = TryParse(raw);
        var key = MailClassification.DedupeKey(message, raw);

        // One session (one connection) for the look-up and the ingestion: this runs for every message.
        await using var session = store.LightweightSession();
        if (await FindAsync(session, key, cancellationToken) is { } known)
        {
            if (checkpoint is not null)
            {
                checkpoint(session);
                await session.SaveChangesAsync(cancellationToken);
            }

            return new IngestionOutcome(known, Duplicate: true);
        }

        var id = Guid.CreateVersion7(now);
        InboundEmail Record() => new()
        {
            Id = id,
            DedupeKey = key,
            MailboxId = mailboxId,
            MessageId = TruncateOrNull(message?.MessageId, MailClassification.MaxIdLength),
            Subject = Truncate(message?.Subject ?? "", 998),
            Recipients = message is null ? [] : [.. MailClassification.Recipients(message).Take(100)],
            ReceivedAt = now,
            SentAt = SentAt(message, now),
            ListKey = InboundEmail.ListKeyFor(now, id),
            Attempts = 1,
            ProcessedAt = now,
        };

        var record = Record();
        try
        {
            record.Raw = AttachmentStore.Stage(session, record.Id, OriginalEml.For(raw), now);
            await ProcessAsync(session, record, message, declaredSize ?? raw.LongLength, IngestionOverride.None, now, cancellationToken);
            checkpoint?.Invoke(session);
            session.Insert(record);
            await session.SaveChangesAsync(cancellationToken);
            return new IngestionOutcome(record, Duplicate: false);
        }
        catch (Exception exception) when (IsDuplicate(exception))
        {
            // Another mailbox, host or request recorded the same message first: nothing is done twice.
            await using var query = store.QuerySession();
            var first = await FindAsync(query, key, cancellationToken) ?? throw new InvalidOperationException($"Email {key} was recorded and then vanished.", exception);
            await CheckpointAsync(checkpoint, cancellationToken);
            return new IngestionOutcome(first, Duplicate: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !IsTransient(exception))
        {
            // Kept whole, where an administrator sees it, and the mailbox goes on with the next message.
            var quarantined = Record();
            Quarantine(quarantined, exception);
            try
            {
                await using var whole = store.LightweightSession();
                quarantined.Raw = AttachmentStore.Stage(whole, quarantined.Id, OriginalEml.For(raw), now);
                checkpoint?.Invoke(whole);
                whole.Insert(quarantined);
                await whole.SaveChangesAsync(cancellationToken);
            }
            catch (Exception keeping) when (keeping is not OperationCanceledException && !IsTransient(keeping) && !IsDuplicate(keeping))
            {
                // Not even the message can be kept (it is larger than PostgreSQL takes, say): its record
                // says so, and the mailbox goes on rather than stopping at it forever.
                logger.LogError(keeping, "Inbound email {InboundEmailId} could not be kept whole; only its record is", quarantined.Id);
                var reason = exception is QuarantineException ? exception.Message : "It could not be stored.";
                quarantined = Record();
                Decide(quarantined, InboundEmailStatus.Quarantined, Truncate($"{reason} The message itself could not be kept either: {keeping.Message}", 2000));
                await using var recordOnly = store.LightweightSession();
                checkpoint?.Invoke(recordOnly);
                recordOnly.Insert(quarantined);
                await recordOnly.SaveChangesAsync(cancellationToken);
            }

            return new IngestionOutcome(quarantined, Duplicate: false);
        }
    }

    /// <summary>
    /// Processes a kept email again, as a person decided: a quarantined or throttled one retried, a
    /// held reply accepted. The record is version-checked: of two decisions at once, one is a 409.
    /// </summary>
    /// <param name="id">The email's record.</param>
    /// <param name="allowed">The statuses the decision applies to; another is a 409.</param>
    /// <param name="decision">What the person decided.</param>
    /// <param name="decidedBy">Who (an API key id).</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    public async Task<InboundEmail> ReprocessAsync(
        Guid id, IReadOnlyCollection<InboundEmailStatus> allowed, IngestionOverride decision, string decidedBy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        var record = await session.LoadAsync<InboundEmail>(id, cancellationToken) ?? throw new NotFoundException("email");
        if (!allowed.Contains(record.Status))
        {
            throw new ConflictException("The email is not waiting for this decision",
                $"Email {id} is {QueryEnum.NameOf(record.Status)}: this applies to {string.Join(" or ", allowed.Select(s => QueryEnum.NameOf(s)))} emails only.");
        }

        if (record.Raw.Id == Guid.Empty)
        {
            throw new ConflictException("The email was not kept", $"Email {id} could not be kept whole when it came: there is nothing to process again.");
        }

        var raw = await AttachmentStore.ReadAsync(session, record.Raw.Id, cancellationToken);
        var message = TryParse(raw);
        Reset(record);
        record.Attempts++;
        record.ProcessedAt = now;
        record.DecidedBy = decidedBy;
        try
        {
            await ProcessAsync(session, record, message, raw.LongLength, decision, now, cancellationToken);
            session.Update(record);
            await session.SaveChangesAsync(cancellationToken);
            return record;
        }
        catch (JasperFx.ConcurrencyException)
        {
            throw new ConflictException("The email changed meanwhile", $"Someone else decided on email {id} at the same moment: read it again.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !IsTransient(exception) && exception is not ConflictException)
        {
            await using var again = store.LightweightSession();
            var current = await again.LoadAsync<InboundEmail>(id, cancellationToken) ?? throw new NotFoundException("email");
            current.Attempts = record.Attempts;
            current.ProcessedAt = now;
            current.DecidedBy = decidedBy;
            Reset(current);
            Quarantine(current, exception);
            again.Update(current);
            await again.SaveChangesAsync(cancellationToken);
            return current;
        }
    }

    private async Task ProcessAsync(
        IDocumentSession session, InboundEmail record, MimeMessage? message, long size, IngestionOverride decision, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (message is null)
        {
            throw new QuarantineException("It is not a readable internet message (RFC 5322).");
        }

        if (size > options.Value.MaxMessageBytes)
        {
            throw new QuarantineException(
                $"It is {size} bytes, over the {options.Value.MaxMessageBytes} bytes a message may have (Support:Mail:Inbound:MaxMessageBytes).");
        }

        var sender = message.From.Mailboxes.FirstOrDefault() ?? message.Sender
            ?? throw new QuarantineException("It has no sender address (From): no ticket can say who asked, and no one can be answered.");
        record.From = Truncate(sender.Address.Trim().ToLowerInvariant(), 320);
        record.FromName = Truncate(sender.Name?.Trim() ?? "", 200);
        record.Automatic = MailClassification.IsAutomatic(message, sender);
        if (await IsOwnAddressAsync(session, record.From, cancellationToken))
        {
            Decide(record, InboundEmailStatus.Ignored, $"It comes from {record.From}, one of our own addresses: ingesting it could loop.");
            return;
        }

        if (MailClassification.ReadDeliveryReport(message) is { } report)
        {
            RecordBounce(session, record, report, now);
            return;
        }

        if (decision == IngestionOverride.None && await IsOverLimitAsync(session, record, cancellationToken))
        {
            Decide(record, InboundEmailStatus.Throttled,
                $"{record.From} sent more than {options.Value.MaxPerSenderPerHour} messages within an hour (Support:Mail:Inbound:MaxPerSenderPerHour): kept without answer until an administrator releases it.");
            return;
        }

        var content = InboundContent.Read(message, attachmentOptions.Value);
        var thread = await new EmailThreading(session, mediator).FindAsync(message, content.HiddenReference, cancellationToken);
        if (thread is not null)
        {
            await ReplyAsync(session, record, sender, content, thread, decision, now, cancellationToken);
        }
        else
        {
            await OpenTicketAsync(session, record, message, sender, content, now, cancellationToken);
        }
    }

    /// <summary>A reply joins its ticket, through Triage, if its sender may write on it; otherwise it waits for an agent.</summary>
    private static async Task ReplyAsync(
        IDocumentSession session, InboundEmail record, MailboxAddress sender, InboundContent content, ThreadMatch thread, IngestionOverride decision,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ticket = thread.Ticket;
        record.TicketId = ticket.TicketId;
        record.TicketNumber = ticket.Number;
        record.MatchedBy = thread.Key;
        if (decision != IngestionOverride.AcceptSender && !await MayWriteOnAsync(session, ticket, record.From, cancellationToken))
        {
            // From: proves nothing: a stranger's reply never joins a customer's ticket by itself.
            Decide(record, InboundEmailStatus.Held,
                $"{record.From} is neither the requester of {ticket.Number} nor a contact of its organisation: an agent accepts the reply or leaves it.");
            return;
        }

        var files = content.Attachments.Select(file => AttachmentStore.Stage(session, ticket.TicketId, file, now)).Append(record.Raw).ToList();
        session.PublishOnCommit(new EmailReplyReceived(
            ticket.TicketId,
            Guid.CreateVersion7(now),
            new RequesterContact(record.From, NameOf(sender, record.From)),
            Body(content),
            Origin(record, content),
            files) { OccurredAt = now });
        Decide(record, InboundEmailStatus.Ingested, null);
    }

    /// <summary>A new ticket, in the queue its recipients name, for the organisation its sender belongs to (or the unknown senders').</summary>
    private async Task OpenTicketAsync(
        IDocumentSession session, InboundEmail record, MimeMessage message, MailboxAddress sender, InboundContent content, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var queue = await RouteAsync(session, record, cancellationToken);
        // The organisation the sender is a contact of (the oldest contact, if several share the address),
        // else the one whose email domains have the sender's; else the reserved one, for an agent to decide.
        var known = await EmailSenders.FindAsync(session, record.From, cancellationToken);
        var contact = known.Contacts.FirstOrDefault(c => !UnknownSenderOrganization.Is(c.Organization.Id));
        var organization = contact?.Organization
            ?? (known.ByDomain is { } domain && !UnknownSenderOrganization.Is(domain.Organization.Id) ? domain.Organization : null);
        var unknown = organization is null;
        if (organization is null)
        {
            var reserved = await session.LoadAsync<Organization>(UnknownSenderOrganization.OrganizationId, cancellationToken)
                ?? throw new InvalidOperationException("The reserved organisation of unknown senders is missing: it is created when the host starts.");
            organization = OrganizationSummary.From(reserved);
        }

        var ticketId = Guid.CreateVersion7(now);
        var files = content.Attachments.Select(file => AttachmentStore.Stage(session, ticketId, file, now)).Append(record.Raw).ToList();
        var submitted = new TicketSubmitted(
            TicketId: ticketId,
            Number: await TicketOpening.NextNumberAsync(session, cancellationToken),
            OrganizationId: organization.Id,
            OrganizationName: organization.Name,
            Requester: new RequesterContact(record.From, contact?.Contact.Name ?? NameOf(sender, record.From)),
            Language: contact?.Contact.Language ?? organization.Language,
            Subject: Truncate(string.IsNullOrWhiteSpace(message.Subject) ? "(no subject)" : message.Subject.Trim(), MaxSubject),
            Description: Body(content),
            Category: TicketCategory.Other, // an agent corrects it (TR-2): an email says nothing of its category
            Priority: PriorityOf(message),
            Channel: TicketChannel.Email,
            Queue: queue,
            ReproductionScenario: null,
            CallNotes: null,
            OutsideContract: !unknown && !Entitlements.Covers(organization.Contract, TicketChannel.Email), // IN-8
            FollowUpOf: null,
            SubmittedBy: By,
            Attachments: files,
            Email: Origin(record, content),
            UnknownSender: unknown) { OccurredAt = now };
        TicketOpening.Open(session, submitted);
        record.TicketId = ticketId;
        record.TicketNumber = submitted.Number;
        Decide(record, InboundEmailStatus.Ingested, null);
    }

    private static void RecordBounce(IDocumentSession session, InboundEmail record, DeliveryReport report, DateTimeOffset now)
    {
        if (!report.Failed)
        {
            Decide(record, InboundEmailStatus.Bounced,
                $"A delivery report that is not a failure (status {report.Status ?? "unknown"}): a delay notice or a delivery confirmation, nothing to record.");
            return;
        }

        if (report.OriginalMessageId is not { } original)
        {
            Decide(record, InboundEmailStatus.Bounced, "A delivery report that does not say which message it is about.");
            return;
        }

        session.PublishOnCommit(new EmailBounced(original, report.Recipient, report.Status, report.Diagnostic, record.Id) { OccurredAt = now });
        Decide(record, InboundEmailStatus.Bounced,
            $"A delivery report about {original}{(report.Recipient is null ? "" : $" to {report.Recipient}")}{(report.Status is null ? "" : $" (status {report.Status})")}: recorded as that email's delivery failure.");
    }

    /// <summary>
    /// The queue of the first recipient that is a queue's intake address: a message to two queues
    /// makes one ticket, in the first. Else its mailbox's queue, else the default one.
    /// </summary>
    private async Task<string> RouteAsync(IQuerySession session, InboundEmail record, CancellationToken cancellationToken)
    {
        var recipients = record.Recipients;
        if (recipients.Count > 0)
        {
            var queues = await session.Query<Queue>().Where(q => recipients.Contains(q.IntakeAddress!)).ToListAsync(cancellationToken);
            if (recipients.Select(r => queues.FirstOrDefault(q => q.IntakeAddress == r)).FirstOrDefault(q => q is not null) is { } queue)
            {
                return queue.Id;
            }
        }

        if (record.MailboxId is { } mailboxId && await session.LoadAsync<Mailboxes.Mailbox>(mailboxId, cancellationToken) is { Queue: { } mailboxQueue }
            && await QueueDirectory.ExistsAsync(session, mailboxQueue, cancellationToken))
        {
            return mailboxQueue;
        }

        return options.Value.DefaultQueue;
    }

    private async Task<bool> IsOwnAddressAsync(IQuerySession session, string address, CancellationToken cancellationToken) =>
        (await mediator.Send(new FindSendingAddresses(), cancellationToken)).Contains(address, StringComparer.OrdinalIgnoreCase)
        || await session.Query<Queue>().AnyAsync(q => q.IntakeAddress == address, cancellationToken);

    /// <summary>
    /// The sender's messages sent within an hour of this one, by their own dates: a backlog read at
    /// once (a mailbox's first reading, after an outage) is not a flood. Only what reached or would
    /// have reached a ticket counts, not bounces or our own mail. Dates are the sender's to choose,
    /// so the window is on both sides, and what arrived in the last hour is capped as well (a day's
    /// worth), whatever the dates say.
    /// </summary>
    private async Task<bool> IsOverLimitAsync(IQuerySession session, InboundEmail record, CancellationToken cancellationToken)
    {
        var from = record.From;
        var after = record.SentAt.AddHours(-1);
        var before = record.SentAt.AddHours(1);
        var arrivedSince = record.ReceivedAt.AddHours(-1);
        var batch = session.CreateBatchQuery();
        var byDate = batch.Query<InboundEmail>()
            .Where(e => e.From == from && e.SentAt > after && e.SentAt < before && e.Id != record.Id
                && (e.Status == InboundEmailStatus.Ingested || e.Status == InboundEmailStatus.Held || e.Status == InboundEmailStatus.Throttled))
            .Count();
        var byArrival = batch.Query<InboundEmail>()
            .Where(e => e.From == from && e.ReceivedAt > arrivedSince && e.Id != record.Id
                && (e.Status == InboundEmailStatus.Ingested || e.Status == InboundEmailStatus.Held))
            .Count();
        await batch.Execute(cancellationToken);
        var limit = options.Value.MaxPerSenderPerHour;
        return await byDate >= limit || await byArrival >= limit * 24L;
    }

    /// <summary>When the sender says it was sent; never later than it came, nor more than a day before (a wrong clock).</summary>
    private static DateTimeOffset SentAt(MimeMessage? message, DateTimeOffset receivedAt) =>
        message?.Headers.Contains(HeaderId.Date) == true && message.Date <= receivedAt && message.Date > receivedAt.AddDays(-1) ? message.Date : receivedAt;

    /// <summary>The requester, or any contact of the ticket's organisation, may write on it; no one else.</summary>
    private static async Task<bool> MayWriteOnAsync(IQuerySession session, TicketFacts ticket, string from, CancellationToken cancellationToken)
    {
        if (string.Equals(ticket.Requester.Email.Trim(), from, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var organizationId = ticket.OrganizationId;
        return !UnknownSenderOrganization.Is(organizationId)
            && await session.Query<Contact>().AnyAsync(c => c.OrganizationId == organizationId && c.Email.ToLowerInvariant() == from, cancellationToken);
    }

    private static Task<InboundEmail?> FindAsync(IQuerySession session, string key, CancellationToken cancellationToken) =>
        session.Query<InboundEmail>().Where(e => e.DedupeKey == key).FirstOrDefaultAsync(cancellationToken);

    private async Task CheckpointAsync(Action<IDocumentSession>? checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint is null)
        {
            return;
        }

        await using var session = store.LightweightSession();
        checkpoint(session);
        await session.SaveChangesAsync(cancellationToken);
    }

    private void Quarantine(InboundEmail record, Exception exception)
    {
        var reason = exception is QuarantineException ? exception.Message : $"It could not be stored: {exception.Message}";
        if (exception is not QuarantineException)
        {
            logger.LogError(exception, "Inbound email {InboundEmailId} ({MessageId}) is quarantined", record.Id, record.MessageId);
        }

        Decide(record, InboundEmailStatus.Quarantined, Truncate(reason, 2000));
    }

    private static void Decide(InboundEmail record, InboundEmailStatus status, string? reason)
    {
        record.Status = status;
        record.Reason = reason;
    }

    private static void Reset(InboundEmail record)
    {
        record.TicketId = null;
        record.TicketNumber = null;
        record.MatchedBy = null;
        record.Reason = null;
    }

    private static EmailOrigin Origin(InboundEmail record, InboundContent content) => new(
        record.Id, record.From, record.MessageId, record.MatchedBy, record.Automatic,
        content.Dropped.Count == 0 ? null : content.Dropped.Select(d => $"Attachment '{d.FileName}' was not kept: {d.Reason}").ToList());

    private static string Body(InboundContent content)
    {
        var text = content.Text.Trim();
        return text.Length == 0 ? "(no text)" : Truncate(text, MaxBody);
    }

    private static string NameOf(MailboxAddress sender, string address) =>
        string.IsNullOrWhiteSpace(sender.Name) ? address.Split('@')[0] : Truncate(sender.Name.Trim(), 200);

    /// <summary>What the sender's mail program says of its urgency (X-Priority 1–2, Importance: high): high; otherwise normal.</summary>
    private static TicketPriority PriorityOf(MimeMessage message) =>
        message.Importance == MessageImportance.High || message.XPriority is XMessagePriority.Highest or XMessagePriority.High
            ? TicketPriority.High
            : TicketPriority.Normal;

    private static MimeMessage? TryParse(byte[] raw)
    {
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var message = MimeMessage.Load(stream);
            return message.Headers.Count == 0 ? null : message;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string? TruncateOrNull(string? text, int length) => text is null ? null : Truncate(text, length);

    private static bool IsDuplicate(Exception exception) => Chain(exception).OfType<PostgresException>()
        .Any(e => e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName?.Contains("dedupe", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The database is unreachable for now: the message is left where it is and tried again, not quarantined.</summary>
    private static bool IsTransient(Exception exception) =>
        Chain(exception).Any(e => e is NpgsqlException { IsTransient: true } or TimeoutException);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
