using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Queues;
using Support.Modules.Shared.Calendars;

namespace Support.Modules.Intake.Calendars;

internal sealed class FindQueueCalendarHandler(IQuerySession session, TimeProvider clock) : IRequestHandler<FindQueueCalendar, CalendarDefinition>
{
    public async Task<CalendarDefinition> Handle(FindQueueCalendar request, CancellationToken cancellationToken)
    {
        var queue = await session.LoadAsync<Queue>(request.Queue, cancellationToken);
        var calendar = await session.LoadAsync<Calendar>(queue?.CalendarId ?? Calendar.StandardId, cancellationToken);
        return calendar?.Definition ?? BusinessCalendar.Standard(Enumerable.Range(clock.GetUtcNow().Year - 1, 6));
    }
}
