using Marten;
using MediatR;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Facts;

internal sealed class FindTicketFactsHandler(IQuerySession session) : IRequestHandler<FindTicketFacts, TicketFacts?>
{
    public async Task<TicketFacts?> Handle(FindTicketFacts request, CancellationToken cancellationToken) =>
        await session.LoadAsync<Ticket>(request.TicketId, cancellationToken) is { } t
            ? new TicketFacts(t.Id, t.Number, t.OrganizationId, t.OrganizationName, t.Requester, t.Subject, t.Description, t.Category, t.Status,
                t.ReproductionScenario, t.AssigneeId, t.Revision, t.Queue, t.Language)
            : null;
}
