using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Intake.Organizations;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Messaging;
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
internal sealed record SubmitTicket(
    Guid? OrganizationId,
    RequesterInput? Requester,
    string? Subject,
    string? Description,
    TicketCategory? Category,
    TicketPriority? Priority,
    TicketChannel? Channel,
    string? Queue,
    string? ReproductionScenario) : IRequest<TicketView>
{
    /// <summary>Who submits it; set by the endpoint, never read from the body.</summary>
    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();
}

internal sealed class SubmitTicketHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<SubmitTicket, TicketView>
{
    public async Task<TicketView> Handle(SubmitTicket command, CancellationToken cancellationToken)
    {
        var organizationId = command.OrganizationId!.Value;
        var organization = command.Caller.CanActFor(organizationId)
            ? await session.LoadAsync<Organization>(organizationId, cancellationToken)
            : null;
        if (organization is null)
        {
            throw new UnprocessableException("organizationId", "No organization with this id exists, or you may not act for it.");
        }

        var now = clock.GetUtcNow();
        var number = await TicketNumbers.NextAsync(session, cancellationToken);
        var opened = new TicketOpened(
            TicketId: Guid.CreateVersion7(now),
            Number: number,
            OrganizationId: organization.Id,
            Requester: new RequesterContact(command.Requester!.Email!.Trim(), command.Requester.Name!.Trim()),
            Subject: command.Subject!.Trim(),
            Description: command.Description!,
            Category: command.Category!.Value,
            Priority: command.Priority!.Value,
            Channel: command.Channel!.Value,
            Queue: command.Queue ?? DefaultQueues.TechnicalSupport,
            ReproductionScenario: string.IsNullOrWhiteSpace(command.ReproductionScenario) ? null : command.ReproductionScenario,
            OpenedBy: command.Caller.KeyId(),
            OpenedAt: now);

        session.LastModifiedBy = opened.OpenedBy; // the event's "who" in the stream's metadata (TR-6)
        session.Events.StartStream<Ticket>(opened.TicketId, opened);
        session.PublishOnCommit(new TicketSubmitted(
            opened.TicketId, number, organization.Id, organization.Name, opened.Requester, organization.Language,
            opened.Subject, opened.Category, opened.Priority, opened.Channel, opened.Queue) { OccurredAt = now });
        await session.SaveChangesAsync(cancellationToken);

        // The inline projection stored exactly this in the same transaction: no need to read it back.
        return TicketView.From(Ticket.Open(opened));
    }
}

/// <summary>Ticket numbers (<c>SUP-1</c>, <c>SUP-2</c>…) from a PostgreSQL sequence: unique across hosts, never reused.</summary>
internal static class TicketNumbers
{
    public const string Sequence = "ticket_number";

    public static async Task<string> NextAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var next = await session.QueryAsync<long>($"select nextval('{IntakeSchema.Name}.{Sequence}')", cancellationToken);
        return $"SUP-{next[0]}";
    }
}
