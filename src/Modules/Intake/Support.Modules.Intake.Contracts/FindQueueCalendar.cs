using MediatR;
using Support.Modules.Shared.Calendars;

namespace Support.Modules.Intake.Contracts;

/// <summary>Asks Intake for the business calendar a queue works by (TR-8): the queue's, else the standard one.</summary>
/// <param name="Queue">The queue's id.</param>
public sealed record FindQueueCalendar(string Queue) : IRequest<CalendarDefinition>;
