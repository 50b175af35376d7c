using Support.Modules.Shared.Events;

namespace Support.Modules.Intake.Contracts;

/// <summary>The person who asked, as given at intake.</summary>
/// <param name="Email">Where the requester is written to.</param>
/// <param name="Name">How the requester is addressed.</param>
public sealed record RequesterContact(string Email, string Name);

/// <summary>
/// A ticket was accepted at intake (IN-6): Triage queues it, Notifications tells the requester (NO-1).
/// </summary>
public sealed record TicketSubmitted(
    Guid TicketId,
    string Number,
    Guid OrganizationId,
    string OrganizationName,
    RequesterContact Requester,
    Language Language,
    string Subject,
    TicketCategory Category,
    TicketPriority Priority,
    TicketChannel Channel,
    string Queue) : IntegrationEvent;
