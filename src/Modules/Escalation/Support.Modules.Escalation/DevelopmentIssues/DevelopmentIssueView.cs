using System.Text.Json.Serialization;

namespace Support.Modules.Escalation.DevelopmentIssues;

/// <summary>A ticket linked to a development issue.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="OrganizationName">The organisation's name.</param>
/// <param name="Subject">The ticket's subject.</param>
/// <param name="ReproductionScenario">The requester's reproduction scenario.</param>
/// <param name="ReproductionNotes">Support's notes from reproducing it.</param>
/// <param name="State">waiting_on_development, fix_to_confirm, fixed, or resolved (support resolved the ticket without the fix).</param>
/// <param name="LinkedAt">When it was linked.</param>
internal sealed record LinkedTicketView(
    Guid TicketId, string Number, Guid OrganizationId, string OrganizationName, string Subject, string? ReproductionScenario,
    string? ReproductionNotes, LinkedTicketState State, DateTimeOffset LinkedAt);

/// <summary>One thing that happened to the issue.</summary>
/// <param name="Type">opened, ticket_linked, fix_deployed, not_fixed, fix_confirmed or ticket_resolved.</param>
/// <param name="Text">The comment, for not_fixed; the title, for opened.</param>
/// <param name="TicketNumber">The ticket concerned, if one is.</param>
/// <param name="Version">The release, for fix_deployed and the confirmations.</param>
/// <param name="By">Who (an API key id).</param>
/// <param name="At">When.</param>
internal sealed record IssueEntryView(string Type, string? Text, string? TicketNumber, string? Version, string By, DateTimeOffset At);

/// <summary>A development issue (ES-2, ES-3), for developers and agents.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Number">Its number, e.g. <c>DEV-7</c>.</param>
/// <param name="Title">What is broken (the first ticket's subject, unless the agent gave a title).</param>
/// <param name="ReproductionScenario">How to see the bug happen, as support reproduced it.</param>
/// <param name="Status">open or fix_deployed.</param>
/// <param name="FixedIn">The release of the last deployed fix.</param>
/// <param name="Organizations">How many distinct organisations report it.</param>
/// <param name="Tickets">Every ticket reporting it.</param>
/// <param name="Entries">What happened to it, oldest first.</param>
/// <param name="CreatedAt">When it was opened.</param>
/// <param name="UpdatedAt">When it last changed.</param>
internal sealed record DevelopmentIssueView(
    Guid Id,
    string Number,
    string Title,
    string ReproductionScenario,
    DevelopmentIssueStatus Status,
    string? FixedIn,
    int Organizations,
    IReadOnlyList<LinkedTicketView> Tickets,
    IReadOnlyList<IssueEntryView> Entries,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public string Location => $"/api/v1/development/issues/{Id}";

    public static DevelopmentIssueView For(DevelopmentIssue issue) => new(
        issue.Id, issue.Number, issue.Title, issue.ReproductionScenario, issue.Status, issue.FixedIn,
        issue.Tickets.Select(t => t.OrganizationId).Distinct().Count(),
        issue.Tickets.Select(t => new LinkedTicketView(
            t.TicketId, t.Number, t.OrganizationId, t.OrganizationName, t.Subject, t.ReproductionScenario, t.ReproductionNotes, t.State, t.LinkedAt)).ToList(),
        issue.Entries.Select(e => new IssueEntryView(e.Type, e.Text, e.TicketNumber, e.Version, e.By, e.At)).ToList(),
        issue.CreatedAt, issue.UpdatedAt);
}
