using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using FluentValidation;
using FluentValidation.Results;
using Support.Modules.Intake.Organizations;
using Support.Modules.Intake.Organizations.Contacts;
using Support.Modules.Intake.Organizations.UnknownSenders;
using Support.Modules.Intake.Queues;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Tickets.SubmitTicket;

/// <summary>The requester of a new ticket.</summary>
/// <param name="Email">Where the requester is written to.</param>
/// <param name="Name">How the requester is addressed.</param>
internal sealed record RequesterInput(string? Email, string? Name);

/// <summary>A new ticket: one problem, for one customer organisation (IN-1).</summary>
/// <param name="OrganizationId">The customer organisation it is for.</param>
/// <param name="Requester">Who asks.</param>
/// <param name="Subject">The one problem it is about.</param>
/// <param name="Description">What happens, in the requester's words.</param>
/// <param name="Category">bug, usage, chat, other or feature (IN-2).</param>
/// <param name="Priority">low, normal, high or critical, as the requester sees it.</param>
/// <param name="Channel">api, email, chat or phone (IN-5).</param>
/// <param name="Queue">The queue to file it in; technical-support by default.</param>
/// <param name="ReproductionScenario">Required for bugs: steps, expected and actual result (IN-3).</param>
/// <param name="CallNotes">For a phone call recorded by an agent (channel <c>phone</c>): what was said. Staff only.</param>
internal sealed record SubmitTicket(
    Guid? OrganizationId,
    RequesterInput? Requester,
    string? Subject,
    string? Description,
    TicketCategory? Category,
    TicketPriority? Priority,
    TicketChannel? Channel,
    string? Queue = null,
    string? ReproductionScenario = null,
    string? CallNotes = null) : IRequest<SubmittedTicketView>
{
    /// <summary>Who submits it; set by the endpoint, never read from the body.</summary>
    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();

    /// <summary>Files sent with a multipart submission (IN-4), already checked; set by the endpoint, never read from the JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<IncomingAttachment> Attachments { get; init; } = [];
}

internal sealed class SubmitTicketHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<SubmitTicket, SubmittedTicketView>
{
    public async Task<SubmittedTicketView> Handle(SubmitTicket command, CancellationToken cancellationToken)
    {
        var channel = command.Channel!.Value;
        if (channel == TicketChannel.Phone && command.Caller.IsPartner())
        {
            throw new ForbiddenException("Phone tickets are recorded by support agents, from the call (IN-5).");
        }

        var organizationId = command.OrganizationId!.Value;
        var queue = command.Queue ?? DefaultQueues.TechnicalSupport;
        var email = command.Requester!.Email!.Trim();

        // One round trip for everything intake checks: the organisation, the requester as a known
        // contact (whose language wins over the organisation's), and the queue.
        var batch = session.CreateBatchQuery();
        var organizationRead = batch.Load<Organization>(organizationId);
        var contactRead = batch.Query<Contact>()
            .Where(c => c.OrganizationId == organizationId && c.Email.ToLowerInvariant() == ContactEmails.Key(email))
            .FirstOrDefault();
        var queueRead = batch.Query<Queue>().Where(q => q.Id == queue).Any();
        await batch.Execute(cancellationToken);

        // The reserved organisation of unknown email senders is not one a ticket is opened for.
        var organization = command.Caller.CanActFor(organizationId) && !UnknownSenderOrganization.Is(organizationId) ? await organizationRead : null;
        if (organization is null)
        {
            throw new UnprocessableException("organizationId", "No organization with this id exists, or you may not act for it.");
        }

        if (!await queueRead)
        {
            throw new ValidationException([new ValidationFailure("queue", $"There is no queue '{queue}': GET /api/v1/queues lists them.")]);
        }

        var contact = await contactRead;
        var now = clock.GetUtcNow();
        var ticketId = Guid.CreateVersion7(now);

        // Stored in the transaction that opens the ticket: a ticket never names a file that is not there.
        var attachments = command.Attachments.Select(file => AttachmentStore.Stage(session, ticketId, file, now)).ToList();
        var submitted = new TicketSubmitted(
            TicketId: ticketId,
            Number: await TicketOpening.NextNumberAsync(session, cancellationToken),
            OrganizationId: organization.Id,
            OrganizationName: organization.Name,
            Requester: new RequesterContact(email, command.Requester.Name!.Trim()),
            Language: contact?.Language ?? organization.Language,
            Subject: command.Subject!.Trim(),
            Description: command.Description!,
            Category: command.Category!.Value,
            Priority: command.Priority!.Value,
            Channel: channel,
            Queue: queue,
            ReproductionScenario: string.IsNullOrWhiteSpace(command.ReproductionScenario) ? null : command.ReproductionScenario,
            CallNotes: string.IsNullOrWhiteSpace(command.CallNotes) ? null : command.CallNotes,
            OutsideContract: !Entitlements.Covers(organization.Contract, channel), // IN-8: recorded all the same, and flagged
            FollowUpOf: null,
            SubmittedBy: command.Caller.KeyId(),
            Attachments: attachments.Count == 0 ? null : attachments) { OccurredAt = now };

        TicketOpening.Open(session, submitted);
        await session.SaveChangesAsync(cancellationToken);
        return SubmittedTicketView.From(submitted);
    }
}
