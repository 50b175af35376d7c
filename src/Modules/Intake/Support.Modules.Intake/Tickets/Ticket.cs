using JasperFx.Events;
using Marten.Events.Aggregation;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Tickets;

/// <summary>The first event of every ticket's stream: what was asked, by whom, through which channel (IN-1).</summary>
internal sealed record TicketOpened(
    Guid TicketId,
    string Number,
    Guid OrganizationId,
    RequesterContact Requester,
    string Subject,
    string Description,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Queue,
    string? ReproductionScenario,
    string OpenedBy,
    DateTimeOffset OpenedAt);

/// <summary>The ticket as it stands, projected inline from its stream so a read after a write sees the write.</summary>
internal sealed class Ticket
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public RequesterContact Requester { get; set; } = new("", "");

    public string Subject { get; set; } = "";

    public string Description { get; set; } = "";

    public TicketCategory Category { get; set; }

    public TicketPriority Priority { get; set; }

    public TicketChannel Channel { get; set; }

    public string Queue { get; set; } = "";

    public string? ReproductionScenario { get; set; }

    public TicketStatus Status { get; set; }

    public string? Resolution { get; set; }

    /// <summary>The stream's version: the optimistic-concurrency token exposed as <c>version</c> and <c>ETag</c>.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The ticket as its first event makes it: version 1 of its stream.</summary>
    public static Ticket Open(TicketOpened opened) => new()
    {
        Id = opened.TicketId,
        Number = opened.Number,
        OrganizationId = opened.OrganizationId,
        Requester = opened.Requester,
        Subject = opened.Subject,
        Description = opened.Description,
        Category = opened.Category,
        Priority = opened.Priority,
        Channel = opened.Channel,
        Queue = opened.Queue,
        ReproductionScenario = opened.ReproductionScenario,
        Status = TicketStatus.New,
        Version = 1,
        CreatedAt = opened.OpenedAt,
        UpdatedAt = opened.OpenedAt,
    };
}

internal sealed class TicketProjection : SingleStreamProjection<Ticket, Guid>
{
    public static Ticket Create(IEvent<TicketOpened> opened) => Ticket.Open(opened.Data);
}

/// <summary>A ticket as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Number">Its short human-readable number, e.g. <c>SUP-42</c>.</param>
/// <param name="OrganizationId">The customer organisation it is for.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Subject">The one problem it is about.</param>
/// <param name="Description">The requester's description.</param>
/// <param name="Category">bug, usage, chat, other or feature.</param>
/// <param name="Priority">The priority the requester declared.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="Queue">The queue it is in.</param>
/// <param name="ReproductionScenario">For bugs: steps, expected and actual result.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Resolution">How it was resolved, once it is.</param>
/// <param name="Version">Concurrency token: send it back in <c>If-Match</c>.</param>
/// <param name="CreatedAt">When it arrived.</param>
/// <param name="UpdatedAt">When it last changed.</param>
internal sealed record TicketView(
    Guid Id,
    string Number,
    Guid OrganizationId,
    RequesterContact Requester,
    string Subject,
    string Description,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Queue,
    string? ReproductionScenario,
    TicketStatus Status,
    string? Resolution,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TicketView From(Ticket ticket) => new(
        ticket.Id, ticket.Number, ticket.OrganizationId, ticket.Requester, ticket.Subject, ticket.Description,
        ticket.Category, ticket.Priority, ticket.Channel, ticket.Queue, ticket.ReproductionScenario,
        ticket.Status, ticket.Resolution, ticket.Version, ticket.CreatedAt, ticket.UpdatedAt);

    [System.Text.Json.Serialization.JsonIgnore]
    public string ETag => $"\"{Version}\"";
}

/// <summary>
/// The queues tickets can be filed in until queues become configurable: the four teams one of the
/// vendors runs support from.
/// </summary>
internal static class DefaultQueues
{
    public const string TechnicalSupport = "technical-support";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TechnicalSupport, "distributors-and-integrators", "training", "agencies",
    };
}
