using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Calendars;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Sla;

/// <summary>
/// Moves the service-level clocks as the ticket lives: started at submission (targets by category and
/// contract, in business time of the queue's calendar), stopped for first response by support's first
/// public reply, paused while waiting on the customer, stopped at the first resolution, re-targeted
/// when the category is corrected. A clock missing when an event arrives (the events are delivered
/// concurrently) is started from the ticket itself, so the order does not matter.
/// </summary>
internal sealed class SlaClocks(IDocumentSession session, IMediator mediator, IOptions<SlaOptions> options) :
    INotificationHandler<TicketSubmitted>,
    INotificationHandler<TicketPublicMessageAdded>,
    INotificationHandler<TicketAwaitingCustomer>,
    INotificationHandler<TicketStatusChanged>,
    INotificationHandler<TicketCategoryCorrected>,
    INotificationHandler<TicketOrganizationAssigned>
{
    public async Task Handle(TicketSubmitted e, CancellationToken cancellationToken) => await ClockAsync(e.TicketId, cancellationToken);

    public async Task Handle(TicketPublicMessageAdded e, CancellationToken cancellationToken)
    {
        if (e.Author == MessageAuthor.Support)
        {
            await RespondedAsync(e.TicketId, e.OccurredAt, cancellationToken);
        }
    }

    public async Task Handle(TicketAwaitingCustomer e, CancellationToken cancellationToken) => await RespondedAsync(e.TicketId, e.OccurredAt, cancellationToken);

    public async Task Handle(TicketStatusChanged e, CancellationToken cancellationToken)
    {
        if (await ClockAsync(e.TicketId, cancellationToken) is not { } clock
            || await session.LoadAsync<Ticket>(e.TicketId, cancellationToken) is not { } ticket)
        {
            return;
        }

        var calendar = await CalendarAsync(clock.Queue, cancellationToken);

        // The outbox delivers a ticket's events concurrently, so the pause is worked out from the ticket as
        // it stands, not from the order the events arrive in: a wait that ended is counted once, from when it
        // started (the clock's pause, or the ticket's last wait) to this event; a wait going on pauses the clock.
        if (e.From == TicketStatus.WaitingOnCustomer && e.To != TicketStatus.WaitingOnCustomer)
        {
            var start = clock.PausedAt is { } paused && paused < e.OccurredAt ? paused
                : clock.PausedAt is null && ticket.AwaitingSince is { } since && since < e.OccurredAt ? since
                : (DateTimeOffset?)null;
            if (start is { } from)
            {
                clock.PausedTotal += calendar.Between(from, e.OccurredAt);
                clock.PausedAt = null;
            }
        }

        if (ticket.Status == TicketStatus.WaitingOnCustomer && clock.ResolvedAt is null && ticket.AwaitingSince is { } waiting
            && (clock.PausedAt is null || clock.PausedAt < waiting))
        {
            clock.PausedAt = waiting;
        }

        if (e.To == TicketStatus.Resolved)
        {
            clock.ResolvedAt = Earliest(clock.ResolvedAt, e.OccurredAt);
        }

        Retime(clock, calendar);
    }

    public async Task Handle(TicketCategoryCorrected e, CancellationToken cancellationToken)
    {
        if (await ClockAsync(e.TicketId, cancellationToken) is not { } clock)
        {
            return;
        }

        var calendar = await CalendarAsync(clock.Queue, cancellationToken);
        var contract = await ContractAsync(clock.OrganizationId, cancellationToken);
        (clock.FirstResponseTarget, clock.ResolutionTarget) = options.Value.TargetsFor(e.To, contract);
        Retime(clock, calendar);
    }

    /// <summary>A ticket from an unknown sender attached to its organisation: that organisation's contract sets its targets.</summary>
    public async Task Handle(TicketOrganizationAssigned e, CancellationToken cancellationToken)
    {
        if (await ClockAsync(e.TicketId, cancellationToken) is not { } clock
            || await session.LoadAsync<Ticket>(e.TicketId, cancellationToken) is not { } ticket)
        {
            return;
        }

        clock.OrganizationId = e.OrganizationId;
        (clock.FirstResponseTarget, clock.ResolutionTarget) = options.Value.TargetsFor(ticket.Category, await ContractAsync(e.OrganizationId, cancellationToken));
        Retime(clock, await CalendarAsync(clock.Queue, cancellationToken));
    }

    private async Task RespondedAsync(Guid ticketId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The due dates do not move with a response: no calendar needed, only the next check.
        if (await ClockAsync(ticketId, cancellationToken) is { } clock)
        {
            clock.FirstRespondedAt = Earliest(clock.FirstRespondedAt, at);
            clock.Reschedule();
            session.Store(clock);
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? known, DateTimeOffset at) => known is { } k && k < at ? k : at;

    /// <summary>The ticket's clock, started now if it has none; null for a ticket that does not exist.</summary>
    private async Task<SlaClock?> ClockAsync(Guid ticketId, CancellationToken cancellationToken)
    {
        var clock = await session.LoadAsync<SlaClock>(ticketId, cancellationToken);
        if (clock is not null)
        {
            return clock;
        }

        if (await session.LoadAsync<Ticket>(ticketId, cancellationToken) is not { } ticket)
        {
            return null;
        }

        var (firstResponse, resolution) = options.Value.TargetsFor(ticket.Category, await ContractAsync(ticket.OrganizationId, cancellationToken));
        clock = new SlaClock
        {
            Id = ticket.Id, Number = ticket.Number, OrganizationId = ticket.OrganizationId, Queue = ticket.Queue, OpenedAt = ticket.CreatedAt,
            FirstResponseTarget = firstResponse, ResolutionTarget = resolution,
        };
        Retime(clock, await CalendarAsync(clock.Queue, cancellationToken));
        return clock;
    }

    /// <summary>Due dates from the targets and the time paused, through the calendar; stored with the change.</summary>
    private void Retime(SlaClock clock, BusinessCalendar calendar)
    {
        clock.FirstResponseDueAt = Due(calendar, clock.OpenedAt, clock.FirstResponseTarget);
        clock.ResolutionDueAt = Due(calendar, clock.OpenedAt, clock.ResolutionTarget + clock.PausedTotal);
        clock.Reschedule();
        session.Store(clock);
    }

    private static DateTimeOffset Due(BusinessCalendar calendar, DateTimeOffset from, TimeSpan target)
    {
        try
        {
            return calendar.Add(from, target);
        }
        catch (InvalidOperationException)
        {
            return from + target; // a calendar that never opens: count real time rather than never be due
        }
    }

    private async Task<BusinessCalendar> CalendarAsync(string queue, CancellationToken cancellationToken) =>
        new(await mediator.Send(new FindQueueCalendar(queue), cancellationToken));

    private async Task<SupportContract> ContractAsync(Guid organizationId, CancellationToken cancellationToken) =>
        (await mediator.Send(new FindOrganizationContracts([organizationId]), cancellationToken)).GetValueOrDefault(organizationId, SupportContract.Standard);
}
