using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.AddMessage;

/// <summary>A message for a ticket's conversation (TR-7).</summary>
/// <param name="Body">The text.</param>
/// <param name="Visibility">public (the default: shown to the requester and emailed) or internal (a note for staff only).</param>
/// <param name="Author">Staff only: support (the default) or requester, when an agent records the requester's own answer. A partner always writes for the requester.</param>
internal sealed record AddMessage(string? Body, MessageVisibility? Visibility = null, MessageAuthor? Author = null) : IRequest<(MessageView Message, TicketView Ticket)>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }
}

internal sealed class AddMessageValidator : AbstractValidator<AddMessage>
{
    public AddMessageValidator()
    {
        RuleFor(x => x.Body).NotEmpty().MaximumLength(100_000);
        RuleFor(x => x.Visibility).NotEqual(MessageVisibility.Internal).When(x => x.Author == MessageAuthor.Requester)
            .WithMessage("A requester's message is public: internal notes are written by support.");
    }
}

internal sealed class AddMessageHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<AddMessage, (MessageView Message, TicketView Ticket)>
{
    public async Task<(MessageView Message, TicketView Ticket)> Handle(AddMessage command, CancellationToken cancellationToken)
    {
        var partner = command.Caller.IsPartner();
        var visibility = command.Visibility ?? MessageVisibility.Public;
        if (partner && visibility == MessageVisibility.Internal)
        {
            throw new ForbiddenException("Partners write public messages only: internal notes are for the support team.");
        }

        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        if (ticket.Status == TicketStatus.Closed)
        {
            throw TicketLifecycle.NotAllowed(ticket.Status, "add a message", "the ticket is closed; reopen it to continue the conversation");
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var messageId = Guid.CreateVersion7(now);
        var author = partner ? MessageAuthor.Requester : command.Author ?? MessageAuthor.Support;
        var body = command.Body!;
        if (author == MessageAuthor.Requester && ticket.Status == TicketStatus.WaitingOnCustomer)
        {
            // TR-4: the answer support waited for puts the ticket back in progress and voids the reminders.
            TicketLifecycle.Ensure(ticket.Status, TicketStatus.InProgress, "record the requester's reply");
            stream.AppendOne(new CustomerReplied(messageId, body, by, now));
            session.Publish(new TicketCustomerReplied(ticket.Id, ticket.Number, ticket.OrganizationId, messageId), now);
            session.StatusChanged(ticket, ticket.Status, TicketStatus.InProgress, null, by, now);
            session.Delete<Pending.PendingTimer>(ticket.Id);
        }
        else
        {
            stream.AppendOne(new MessageAdded(messageId, body, visibility, author, by, now));
        }

        if (visibility == MessageVisibility.Public)
        {
            session.Publish(new TicketPublicMessageAdded(ticket.Id, ticket.Number, ticket.OrganizationId, messageId, author, body), now);
        }

        var changed = await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken);
        var message = changed.Messages.Single(m => m.Id == messageId);
        return (MessageView.For(message, command.Caller), await TicketViews.ViewAsync(session, changed, command.Caller, clock, cancellationToken));
    }
}
