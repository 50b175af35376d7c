using Marten;
using MediatR;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Facts;

internal sealed class FindTicketFactsHandler(IQuerySession session) :
    IRequestHandler<FindTicketFacts, TicketFacts?>,
    IRequestHandler<FindTicketFactsByNumber, TicketFacts?>
{
    public async Task<TicketFacts?> Handle(FindTicketFacts request, CancellationToken cancellationToken) =>
        Facts(await session.LoadAsync<Ticket>(request.TicketId, cancellationToken));

    public async Task<TicketFacts?> Handle(FindTicketFactsByNumber request, CancellationToken cancellationToken)
    {
        var number = request.Number.Trim().ToUpperInvariant(); // numbers are stored as SUP-n; a reply may write sup-n
        return Facts(await session.Query<Ticket>().Where(t => t.Number == number).FirstOrDefaultAsync(cancellationToken));
    }

    private static TicketFacts? Facts(Ticket? t) => t is null
        ? null
        : new TicketFacts(t.Id, t.Number, t.OrganizationId, t.OrganizationName, t.Requester, t.Subject, t.Description, t.Category, t.Status,
            t.ReproductionScenario, t.AssigneeId, t.Revision, t.Queue, t.Language);
}
