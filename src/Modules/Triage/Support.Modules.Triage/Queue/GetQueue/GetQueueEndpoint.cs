using System.ComponentModel;
using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Tickets;
using Support.Modules.Triage.Tickets.Sla;

namespace Support.Modules.Triage.Queue.GetQueue;

/// <summary>One ticket in the work queue.</summary>
/// <param name="Id">The ticket's id.</param>
/// <param name="Number">Its number, e.g. <c>SUP-42</c>.</param>
/// <param name="OrganizationId">The customer organisation.</param>
/// <param name="OrganizationName">Its name.</param>
/// <param name="Subject">The one problem it is about.</param>
/// <param name="Category">bug, usage, chat, other or feature.</param>
/// <param name="Priority">The requester's priority.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="Queue">The queue it is in.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="AssigneeId">The agent in charge, if any.</param>
/// <param name="FixToConfirm">Set when development deployed the fix (ES-3): the release whose fix the agent confirms with the customer.</param>
/// <param name="OutsideContract">The organisation's contract does not cover the channel it came through (IN-8).</param>
/// <param name="UnknownSender">Opened by an email from an address no organisation knows: to attach to its organisation.</param>
/// <param name="ArrivedAt">When it arrived.</param>
/// <param name="Version">The ticket's version, for <c>If-Match</c>.</param>
/// <param name="Sla">Its service levels: due dates and breaches of first response and resolution (business time).</param>
internal sealed record QueueEntry(
    Guid Id, string Number, Guid OrganizationId, string OrganizationName, string Subject, TicketCategory Category,
    TicketPriority Priority, TicketChannel Channel, string Queue, TicketStatus Status, string? AssigneeId, string? FixToConfirm, bool OutsideContract,
    bool UnknownSender, DateTimeOffset ArrivedAt, int Version, SlaView? Sla)
{
    public static QueueEntry From(QueueRow x, SlaView? sla) => new(x.Id, x.Number, x.OrganizationId, x.OrganizationName, x.Subject, x.Category,
        x.Priority, x.Channel, x.Queue, x.Status, x.AssigneeId, x.FixToConfirm, x.OutsideContract, x.UnknownSender, x.CreatedAt, x.Revision, sla);
}

/// <summary>
/// The fields of a ticket the queue shows, selected in the query: a queue page never reads the
/// tickets' conversations and descriptions, however long they grow.
/// </summary>
internal sealed class QueueRow
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    public string Subject { get; set; } = "";

    public TicketCategory Category { get; set; }

    public TicketPriority Priority { get; set; }

    public TicketChannel Channel { get; set; }

    public string Queue { get; set; } = "";

    public TicketStatus Status { get; set; }

    public string? AssigneeId { get; set; }

    public string? FixToConfirm { get; set; }

    public bool OutsideContract { get; set; }

    public bool UnknownSender { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Revision { get; set; }

    public string OrderKey { get; set; } = "";
}

/// <summary>A page of the work queue.</summary>
/// <param name="Items">The tickets, in TR-1 order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record QueuePage(IReadOnlyList<QueueEntry> Items, string? NextCursor);

internal sealed class GetQueueEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/queue", async Task<Results<Ok<QueuePage>, ProblemHttpResult>> (
                [Description("Only the tickets of this queue (its id).")] string? queue,
                [Description("Only tickets of this category: bug, usage, chat, other or feature.")] string? category,
                [Description("Only tickets in this status: new, in_progress, waiting_on_customer, waiting_on_development or waiting_on_product (the queue holds open tickets only).")] string? status,
                [Description("Only tickets in charge of this agent (an API key id); `me` for the caller's, `none` for those nobody has taken.")] string? assignee,
                ClaimsPrincipal user, int? limit, string? cursor, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<Ticket>().Where(x => x.Status != TicketStatus.Resolved && x.Status != TicketStatus.Closed);
                if (queue is not null)
                {
                    query = query.Where(x => x.Queue == queue);
                }

                if (QueryEnum.Parse<TicketCategory>(category, "category") is { } wantedCategory)
                {
                    query = query.Where(x => x.Category == wantedCategory);
                }

                if (QueryEnum.Parse<TicketStatus>(status, "status") is { } wantedStatus)
                {
                    query = query.Where(x => x.Status == wantedStatus);
                }

                query = assignee switch
                {
                    null => query,
                    "none" => query.Where(x => x.AssigneeId == null),
                    "me" => query.Where(x => x.AssigneeId == user.KeyId()),
                    _ => query.Where(x => x.AssigneeId == assignee),
                };

                if (paging.After is { } after)
                {
                    query = query.Where(x => x.OrderKey.CompareTo(after) > 0);
                }

                var rows = await query.OrderBy(x => x.OrderKey).Take(paging.Limit + 1)
                    .Select(x => new QueueRow
                    {
                        Id = x.Id, Number = x.Number, OrganizationId = x.OrganizationId, OrganizationName = x.OrganizationName, Subject = x.Subject,
                        Category = x.Category, Priority = x.Priority, Channel = x.Channel, Queue = x.Queue, Status = x.Status, AssigneeId = x.AssigneeId,
                        FixToConfirm = x.FixToConfirm, OutsideContract = x.OutsideContract, UnknownSender = x.UnknownSender, CreatedAt = x.CreatedAt, Revision = x.Revision, OrderKey = x.OrderKey,
                    })
                    .ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                var next = rows.Count > paging.Limit ? Paging.CursorFor(page[^1].OrderKey) : null;
                var clocks = page.Count == 0
                    ? new Dictionary<Guid, SlaClock>()
                    : (await session.LoadManyAsync<SlaClock>(cancellationToken, page.Select(x => x.Id))).ToDictionary(c => c.Id);
                var now = clock.GetUtcNow();
                return TypedResults.Ok(new QueuePage(
                    page.Select(x => QueueEntry.From(x, SlaView.For(clocks.GetValueOrDefault(x.Id), user, now))).ToList(),
                    next));
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("GetQueue")
            .WithTags("Queue")
            .WithSummary("The work queue in TR-1 order: bugs first by priority, then everything else first-come, first-served (agent)")
            .WithDescription("Lists the open tickets (neither resolved nor closed) in TR-1 order, optionally filtered by `queue`, `category`, `status` and `assignee`. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`. A bad `limit` or `cursor` is a 400.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
}
