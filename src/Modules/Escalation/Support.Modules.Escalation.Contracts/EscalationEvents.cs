using Support.Modules.Triage.Contracts;

namespace Support.Modules.Escalation.Contracts;

// What escalation did to a ticket (ES-1..ES-7). One event per ticket, even when one decision covers
// many (a fix deployed, a product decision), so each ticket moves, and each requester is told, on its
// own. Triage follows them to move the tickets, in the order of their Step (the outbox delivers
// concurrently); notifications and webhooks follow them to tell people.

/// <summary>What the product team decided about a suggestion (ES-7).</summary>
public enum ProductDecision
{
    /// <summary>It will be built: the tickets wait for it.</summary>
    Planned,

    /// <summary>It will not be built (a SaaS cannot build per-customer specifics): the tickets are resolved <c>declined</c>.</summary>
    Declined,

    /// <summary>It was built and released: the tickets are resolved <c>solved</c>.</summary>
    Shipped,
}

/// <summary>Support tried to reproduce a reported bug (ES-1).</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="Reproduced">Whether support saw the bug happen.</param>
/// <param name="Notes">Support's notes (staff only).</param>
/// <param name="By">The agent (an API key id).</param>
/// <param name="Step">This ticket\'s escalation steps counted from 1: Triage records them in this order.</param>
public sealed record BugReproductionRecorded(Guid TicketId, string Number, Guid OrganizationId, bool Reproduced, string? Notes, string By, int Step)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>A reproduced bug went to development (ES-2): the ticket waits on development.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="DevelopmentIssueId">The development issue it is linked to.</param>
/// <param name="DevelopmentIssueNumber">That issue's number, e.g. <c>DEV-7</c>.</param>
/// <param name="NewIssue">True when the escalation opened the issue, false when it joined an existing one.</param>
/// <param name="By">The agent (an API key id).</param>
/// <param name="Step">This ticket\'s escalation steps counted from 1: Triage records them in this order.</param>
public sealed record TicketEscalatedToDevelopment(
    Guid TicketId, string Number, Guid OrganizationId, Guid DevelopmentIssueId, string DevelopmentIssueNumber, bool NewIssue, string By, int Step)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>Development deployed the fix of a ticket's issue (ES-3): its agent confirms it with the customer, who is told.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="DevelopmentIssueId">The development issue.</param>
/// <param name="DevelopmentIssueNumber">Its number.</param>
/// <param name="Version">The release that carries the fix.</param>
/// <param name="By">The developer (an API key id).</param>
/// <param name="Step">This ticket\'s escalation steps counted from 1: Triage records them in this order.</param>
public sealed record TicketFixDeployed(
    Guid TicketId, string Number, Guid OrganizationId, Guid DevelopmentIssueId, string DevelopmentIssueNumber, string Version, string By, int Step)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>The customer said whether the deployed fix works for them (ES-3): fixed resolves the ticket, not fixed sends it back to development.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="DevelopmentIssueId">The development issue.</param>
/// <param name="Version">The release that was checked.</param>
/// <param name="Fixed">Whether the problem is gone on the customer's side.</param>
/// <param name="Comment">What the customer said.</param>
/// <param name="By">Who recorded it (an agent's or a partner's API key id).</param>
/// <param name="Step">This ticket\'s escalation steps counted from 1: Triage records them in this order.</param>
public sealed record TicketFixConfirmed(
    Guid TicketId, string Number, Guid OrganizationId, Guid DevelopmentIssueId, string Version, bool Fixed, string? Comment, string By, int Step)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>A feature ticket went to the product team as (part of) a suggestion (ES-5): the ticket waits on product.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="SuggestionId">The product suggestion.</param>
/// <param name="SuggestionNumber">Its number, e.g. <c>SUG-3</c>.</param>
/// <param name="By">The agent (an API key id).</param>
/// <param name="Step">This ticket\'s escalation steps counted from 1: Triage records them in this order.</param>
public sealed record TicketForwardedToProduct(Guid TicketId, string Number, Guid OrganizationId, Guid SuggestionId, string SuggestionNumber, string By, int Step)
    : TicketEvent(TicketId, Number, OrganizationId);

/// <summary>The product team decided on the suggestion a ticket belongs to (ES-7): the requester is told, with the workaround if any.</summary>
/// <param name="TicketId">The ticket's id.</param>
/// <param name="Number">Its number.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="SuggestionId">The suggestion decided on.</param>
/// <param name="SuggestionNumber">Its number.</param>
/// <param name="Decision">planned, declined or shipped.</param>
/// <param name="Message">The product team's message to the requesters.</param>
/// <param name="Workaround">The workaround the product team knows of, if any.</param>
/// <param name="By">The product team member (an API key id).</param>
/// <param name="Step">This ticket\'s escalation steps counted from 1: Triage records them in this order.</param>
public sealed record TicketProductDecision(
    Guid TicketId, string Number, Guid OrganizationId, Guid SuggestionId, string SuggestionNumber, ProductDecision Decision, string Message,
    string? Workaround, string By, int Step)
    : TicketEvent(TicketId, Number, OrganizationId);
