using Marten;
using MediatR;
using Support.Modules.Notifications.Contracts;

namespace Support.Modules.Notifications.Mail.Inbound;

internal sealed class FindTicketByMessageIdHandler(IQuerySession session, EmailComposer composer) : IRequestHandler<FindTicketByMessageId, Guid?>
{
    public async Task<Guid?> Handle(FindTicketByMessageId request, CancellationToken cancellationToken)
    {
        if (request.MessageIds.Count == 0)
        {
            return null;
        }

        var ids = request.MessageIds.Distinct(StringComparer.Ordinal).ToList();
        var sent = await session.Query<OutgoingEmail>()
            .Where(e => ids.Contains(e.MessageId))
            .Select(e => new SentMessage { MessageId = e.MessageId, TicketId = e.TicketId })
            .ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            // The most relevant first: In-Reply-To, then References from the newest.
            if (sent.FirstOrDefault(s => s.MessageId == id) is { } match)
            {
                return match.TicketId;
            }

            // The thread root names the ticket even when its first email was never sent (an
            // automatic message opened it, and got no acknowledgement).
            if (composer.TicketOfThreadRoot(id) is { } ticketId)
            {
                return ticketId;
            }
        }

        return null;
    }

    private sealed class SentMessage
    {
        public string MessageId { get; set; } = "";

        public Guid TicketId { get; set; }
    }
}
