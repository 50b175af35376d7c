using System.Text.RegularExpressions;
using Marten;
using MediatR;
using MimeKit;
using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Intake.Email.Ingestion;

/// <summary>The ticket a received email answers, and how it was found.</summary>
internal sealed record ThreadMatch(TicketFacts Ticket, EmailThreadKey Key);

/// <summary>
/// Finds the ticket an email answers (IN-7), by the most reliable key first: a Message-ID we sent
/// (or received for the ticket) in its <c>In-Reply-To</c>/<c>References</c>; then the
/// <c>[SUP-12]</c> token in its subject; then the reference hidden in our mail's HTML, which a
/// reply quotes. A key that names no existing ticket is passed over for the next.
/// </summary>
internal sealed partial class EmailThreading(IQuerySession session, IMediator mediator)
{
    public async Task<ThreadMatch?> FindAsync(MimeMessage message, Guid? hiddenReference, CancellationToken cancellationToken)
    {
        var ids = MailClassification.ReferencedIds(message);
        if (ids.Count > 0 && await TicketOfMessageIdsAsync(ids, cancellationToken) is { } byHeaders
            && await mediator.Send(new FindTicketFacts(byHeaders), cancellationToken) is { } answered)
        {
            return new ThreadMatch(answered, EmailThreadKey.MessageId);
        }

        if (SubjectToken().Match(message.Subject ?? "") is { Success: true } token
            && await mediator.Send(new FindTicketFactsByNumber(token.Groups[1].Value), cancellationToken) is { } numbered)
        {
            return new ThreadMatch(numbered, EmailThreadKey.SubjectToken);
        }

        if (hiddenReference is { } reference && await mediator.Send(new FindTicketFacts(reference), cancellationToken) is { } referenced)
        {
            return new ThreadMatch(referenced, EmailThreadKey.HiddenReference);
        }

        return null;
    }

    /// <summary>
    /// The ticket of the most relevant id (In-Reply-To first, then References from the newest): an
    /// email we sent, or one we received for the ticket (the requester writing again on their own thread).
    /// </summary>
    private async Task<Guid?> TicketOfMessageIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var considered = ids.Take(MaxReferences).ToList();
        var received = await session.Query<InboundEmail>()
            .Where(e => considered.Contains(e.MessageId!) && e.Status == InboundEmailStatus.Ingested && e.TicketId != null)
            .Select(e => new ReceivedMessage { MessageId = e.MessageId!, TicketId = e.TicketId!.Value })
            .ToListAsync(cancellationToken);
        foreach (var id in considered)
        {
            if (received.FirstOrDefault(r => r.MessageId == id) is { } ours)
            {
                return ours.TicketId;
            }

            if (await mediator.Send(new FindTicketByMessageId([id]), cancellationToken) is { } sent)
            {
                return sent;
            }
        }

        return null;
    }

    /// <summary>A long thread's References name every message of it; the newest ones are enough.</summary>
    private const int MaxReferences = 20;

    [GeneratedRegex(@"\[(SUP-\d{1,18})\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SubjectToken();

    private sealed class ReceivedMessage
    {
        public string MessageId { get; set; } = "";

        public Guid TicketId { get; set; }
    }
}
