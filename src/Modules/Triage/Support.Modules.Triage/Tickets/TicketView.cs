using System.Security.Claims;
using System.Text.Json.Serialization;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;
using Support.Modules.Triage.Tickets.Sla;

namespace Support.Modules.Triage.Tickets;

/// <summary>
/// A ticket as the API shows it. Staff see everything; partners see the public part only (TR-3,
/// TR-7): the fields marked "staff only" are null for them.
/// </summary>
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
/// <param name="Status">Where it is in its life (TR-3).</param>
/// <param name="Resolution">How it was resolved, once it is (TR-5): the customer always sees which.</param>
/// <param name="ResolutionNote">What support said about the resolution.</param>
/// <param name="DuplicateOf">For a duplicate, the ticket it duplicates.</param>
/// <param name="Duplicates">Tickets resolved as duplicates of this one.</param>
/// <param name="FollowUpOf">The earlier ticket this one follows up.</param>
/// <param name="FollowUps">Follow-up tickets opened when a reopen came too late.</param>
/// <param name="FixToConfirm">The release whose fix is to be confirmed with the customer (ES-3): set from the fix's deployment until the customer answers.</param>
/// <param name="Reproduced">Staff only: whether support reproduced the bug the last time it tried (ES-1).</param>
/// <param name="DevelopmentIssueId">Staff only: the development issue the bug is linked to (ES-2).</param>
/// <param name="SuggestionId">Staff only: the product suggestion the feature request is part of (ES-5).</param>
/// <param name="AssigneeId">Staff only: the agent in charge.</param>
/// <param name="OutsideContract">Staff only: the organisation's contract does not cover the channel it came through (IN-8).</param>
/// <param name="UnknownSender">Staff only: opened by an email from an address no organisation knows; filed under the reserved "unknown senders" organisation until an agent attaches it (<c>POST /api/v1/tickets/{id}/organization</c>).</param>
/// <param name="CallNotes">Staff only: the agent's notes of the phone call it was recorded from.</param>
/// <param name="Version">Concurrency token: send it back in <c>If-Match</c>.</param>
/// <param name="CreatedAt">When it arrived.</param>
/// <param name="UpdatedAt">When it last changed (for partners: last changed in a way they can see).</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="Attachments">Its files (IN-4); partners see the public ones only.</param>
/// <param name="Sla">Staff only: its service levels (first response and resolution, in business time), once its clocks are started (within moments of its opening).</param>
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
    TicketResolution? Resolution,
    string? ResolutionNote,
    Guid? DuplicateOf,
    IReadOnlyList<Guid> Duplicates,
    Guid? FollowUpOf,
    IReadOnlyList<Guid> FollowUps,
    string? FixToConfirm,
    bool? Reproduced,
    Guid? DevelopmentIssueId,
    Guid? SuggestionId,
    string? AssigneeId,
    bool? OutsideContract,
    bool? UnknownSender,
    string? CallNotes,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<AttachmentView> Attachments,
    SlaView? Sla)
{
    public static TicketView For(Ticket ticket, ClaimsPrincipal caller, SlaView? sla = null)
    {
        var staff = !caller.IsPartner();
        return new(
            ticket.Id, ticket.Number, ticket.OrganizationId, ticket.Requester, ticket.Subject, ticket.Description,
            ticket.Category, ticket.Priority, ticket.Channel, ticket.Queue, ticket.ReproductionScenario,
            ticket.Status, ticket.Resolution, ticket.ResolutionNote, ticket.DuplicateOf, ticket.Duplicates, ticket.FollowUpOf, ticket.FollowUps,
            ticket.FixToConfirm,
            staff ? ticket.Reproduced : null,
            staff ? ticket.DevelopmentIssueId : null,
            staff ? ticket.SuggestionId : null,
            staff ? ticket.AssigneeId : null,
            staff ? ticket.OutsideContract : null,
            staff ? ticket.UnknownSender : null,
            staff ? ticket.CallNotes : null,
            ticket.Revision, ticket.CreatedAt, staff ? ticket.UpdatedAt : ticket.PublicUpdatedAt, ticket.ResolvedAt, ticket.ClosedAt,
            TicketAttachment.VisibleTo(ticket, caller).Select(a => AttachmentView.For(ticket.Id, a, caller)).ToList(),
            sla);
    }

    [JsonIgnore]
    public string ETag => IfMatch.ETagFor(Version);
}

/// <summary>A message of a ticket's conversation.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Body">The text.</param>
/// <param name="Visibility">public, or internal (staff only; partners never see internal notes).</param>
/// <param name="Author">support or requester.</param>
/// <param name="By">Staff only: the API key that wrote it.</param>
/// <param name="At">When it was written.</param>
internal sealed record MessageView(Guid Id, string Body, MessageVisibility Visibility, MessageAuthor Author, string? By, DateTimeOffset At)
{
    public static MessageView For(TicketMessage message, ClaimsPrincipal caller) => new(
        message.Id, message.Body, message.Visibility, message.Author, caller.IsPartner() ? null : message.By, message.At);
}

/// <summary>The ticket as the API shows it, with its service levels for staff.</summary>
internal static class TicketViews
{
    public static async Task<TicketView> ViewAsync(Marten.IQuerySession session, Ticket ticket, ClaimsPrincipal caller, TimeProvider clock, CancellationToken cancellationToken) =>
        TicketView.For(ticket, caller, caller.IsPartner() ? null : SlaView.For(await session.LoadAsync<SlaClock>(ticket.Id, cancellationToken), caller, clock.GetUtcNow()));

    public static async Task<List<TicketView>> ViewsAsync(
        Marten.IQuerySession session, IReadOnlyList<Ticket> tickets, ClaimsPrincipal caller, TimeProvider clock, CancellationToken cancellationToken)
    {
        var clocks = caller.IsPartner() || tickets.Count == 0
            ? new Dictionary<Guid, SlaClock>()
            : (await session.LoadManyAsync<SlaClock>(cancellationToken, tickets.Select(t => t.Id))).ToDictionary(c => c.Id);
        var now = clock.GetUtcNow();
        return tickets.Select(t => TicketView.For(t, caller, SlaView.For(clocks.GetValueOrDefault(t.Id), caller, now))).ToList();
    }
}
