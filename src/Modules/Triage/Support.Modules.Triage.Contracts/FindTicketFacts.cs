using MediatR;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Triage.Contracts;

/// <summary>Asks Triage for what another module needs to know of a ticket to decide on it; null when it does not exist.</summary>
/// <param name="TicketId">The ticket.</param>
public sealed record FindTicketFacts(Guid TicketId) : IRequest<TicketFacts?>;

/// <summary>A ticket as it stands, for decisions outside Triage (escalation, product suggestions).</summary>
/// <param name="TicketId">Its id.</param>
/// <param name="Number">Its number, e.g. <c>SUP-42</c>.</param>
/// <param name="OrganizationId">Its customer organisation.</param>
/// <param name="OrganizationName">The organisation's name.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Description">The requester's description.</param>
/// <param name="Category">Its category now (after any correction).</param>
/// <param name="Status">Its status now.</param>
/// <param name="ReproductionScenario">For bugs, the requester's reproduction scenario.</param>
/// <param name="AssigneeId">The agent in charge, if any.</param>
/// <param name="Version">The ticket's version.</param>
/// <param name="Queue">The queue it is in.</param>
/// <param name="Language">The language its requester is written to in.</param>
public sealed record TicketFacts(
    Guid TicketId,
    string Number,
    Guid OrganizationId,
    string OrganizationName,
    RequesterContact Requester,
    string Subject,
    string Description,
    TicketCategory Category,
    TicketStatus Status,
    string? ReproductionScenario,
    string? AssigneeId,
    int Version,
    string Queue = "",
    Language Language = Language.En);

/// <summary>Asks Triage for a ticket by its number (e.g. <c>SUP-42</c>, as a reply's subject carries it); null when none has it.</summary>
/// <param name="Number">The ticket's number.</param>
public sealed record FindTicketFactsByNumber(string Number) : IRequest<TicketFacts?>;
