using System.Security.Claims;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.Sla;

/// <summary>
/// A ticket's service-level clocks: time to first response and time to resolution, in business
/// time of its queue's calendar, the resolution clock paused while the ticket waits on the customer.
/// Kept beside the ticket (its id is the ticket's) and moved by Triage's own events, so the ticket's
/// stream and version stay the customer's story.
/// </summary>
internal sealed class SlaClock
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string Queue { get; set; } = "";

    public DateTimeOffset OpenedAt { get; set; }

    public TimeSpan FirstResponseTarget { get; set; }

    public TimeSpan ResolutionTarget { get; set; }

    public DateTimeOffset FirstResponseDueAt { get; set; }

    public DateTimeOffset ResolutionDueAt { get; set; }

    public DateTimeOffset? FirstRespondedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Since when the resolution clock is paused (the ticket waits on the customer).</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>The business time the ticket waited on the customer so far: the resolution is due that much later.</summary>
    public TimeSpan PausedTotal { get; set; }

    public bool FirstResponseBreachPublished { get; set; }

    public bool ResolutionBreachPublished { get; set; }

    /// <summary>The earliest instant a breach may still be found: the sweep's index.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    public void Reschedule() => NextCheckAt = new[]
    {
        FirstRespondedAt is null && !FirstResponseBreachPublished ? FirstResponseDueAt : (DateTimeOffset?)null,
        ResolvedAt is null && PausedAt is null && !ResolutionBreachPublished ? ResolutionDueAt : null,
    }.Where(d => d is not null).Min();
}

/// <summary>A ticket's service levels as staff see them.</summary>
/// <param name="FirstResponseDueAt">When support's first public reply is due.</param>
/// <param name="FirstResponseAt">When it came.</param>
/// <param name="FirstResponseBreached">The reply came late, or is overdue.</param>
/// <param name="ResolutionDueAt">When the resolution is due (moved on by the business time spent waiting on the customer).</param>
/// <param name="ResolvedAt">When it was first resolved.</param>
/// <param name="ResolutionBreached">Resolved late, or overdue.</param>
/// <param name="Paused">The resolution clock is paused: the ticket waits on the customer.</param>
internal sealed record SlaView(
    DateTimeOffset FirstResponseDueAt, DateTimeOffset? FirstResponseAt, bool FirstResponseBreached, DateTimeOffset ResolutionDueAt, DateTimeOffset? ResolvedAt,
    bool ResolutionBreached, bool Paused)
{
    public static SlaView? For(SlaClock? clock, ClaimsPrincipal caller, DateTimeOffset now) => clock is null || caller.IsPartner()
        ? null
        : new SlaView(
            clock.FirstResponseDueAt, clock.FirstRespondedAt, (clock.FirstRespondedAt ?? now) > clock.FirstResponseDueAt,
            clock.ResolutionDueAt, clock.ResolvedAt, (clock.ResolvedAt ?? clock.PausedAt ?? now) > clock.ResolutionDueAt,
            clock.PausedAt is not null);
}
