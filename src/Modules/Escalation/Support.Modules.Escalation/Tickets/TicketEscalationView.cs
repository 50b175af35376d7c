using System.Security.Claims;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.Tickets;

/// <summary>One attempt to reproduce the bug (ES-1).</summary>
/// <param name="Reproduced">Whether support saw the bug happen.</param>
/// <param name="Notes">Support's notes.</param>
/// <param name="By">The agent (an API key id).</param>
/// <param name="At">When.</param>
internal sealed record ReproductionView(bool Reproduced, string? Notes, string By, DateTimeOffset At);

/// <summary>
/// Where a ticket stands in escalation. The ticket itself (<c>/api/v1/tickets/{id}</c>) follows
/// within moments: its status and history show each step.
/// </summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Number">Its number.</param>
/// <param name="Reproduced">Whether the last reproduction attempt saw the bug; null before any.</param>
/// <param name="Reproductions">Staff only: every attempt, oldest first.</param>
/// <param name="DevelopmentIssueId">Staff only: the development issue the bug is linked to.</param>
/// <param name="FixToConfirm">The release whose fix is to be confirmed with the customer, while one is (ES-3).</param>
/// <param name="SuggestionId">Staff only: the product suggestion the request is part of.</param>
internal sealed record TicketEscalationView(
    Guid TicketId,
    string Number,
    bool? Reproduced,
    IReadOnlyList<ReproductionView>? Reproductions,
    Guid? DevelopmentIssueId,
    string? FixToConfirm,
    Guid? SuggestionId)
{
    public static TicketEscalationView For(TicketEscalation escalation, ClaimsPrincipal caller)
    {
        var staff = !caller.IsPartner();
        return new(
            escalation.Id,
            escalation.Number,
            escalation.Reproduced,
            staff ? escalation.Reproductions.Select(r => new ReproductionView(r.Reproduced, r.Notes, r.By, r.At)).ToList() : null,
            staff ? escalation.DevelopmentIssueId : null,
            escalation.FixToConfirm,
            staff ? escalation.SuggestionId : null);
    }
}
