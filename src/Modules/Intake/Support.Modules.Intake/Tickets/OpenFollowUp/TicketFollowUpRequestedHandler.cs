using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Organizations.UnknownSenders;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Intake.Tickets.OpenFollowUp;

/// <summary>
/// TR-6: a reopen that came too late opens a new ticket, linked to the earlier one, with the id
/// Triage already gave the requester. It starts like any other ticket, so it is queued and
/// acknowledged the same way.
/// </summary>
internal sealed class TicketFollowUpRequestedHandler(IDocumentSession session) : INotificationHandler<TicketFollowUpRequested>
{
    public async Task Handle(TicketFollowUpRequested request, CancellationToken cancellationToken)
    {
        if (await session.Events.FetchStreamStateAsync(request.FollowUpTicketId, cancellationToken) is not null)
        {
            return; // opened by an earlier delivery of this event
        }

        var organization = await session.LoadAsync<Organization>(request.OrganizationId, cancellationToken)
            ?? throw new InvalidOperationException($"Organisation {request.OrganizationId} of ticket {request.Number} does not exist.");
        var submitted = new TicketSubmitted(
            TicketId: request.FollowUpTicketId,
            Number: await TicketOpening.NextNumberAsync(session, cancellationToken),
            OrganizationId: organization.Id,
            OrganizationName: organization.Name,
            Requester: request.Requester,
            Language: organization.Language,
            Subject: request.Subject,
            Description: $"Follow-up of {request.Number}: {request.Reason}",
            Category: request.Category,
            Priority: request.Priority,
            Channel: request.Channel,
            Queue: request.Queue,
            ReproductionScenario: request.ReproductionScenario,
            CallNotes: null,
            OutsideContract: !Entitlements.Covers(organization.Contract, request.Channel),
            FollowUpOf: request.TicketId,
            SubmittedBy: request.RequestedBy,
            UnknownSender: UnknownSenderOrganization.Is(organization.Id)) { OccurredAt = request.OccurredAt }; // still for an agent to attach
        TicketOpening.Open(session, submitted);
    }
}
