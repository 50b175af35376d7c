using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Messaging;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.EmailReply;

/// <summary>
/// An email answering a ticket joins its conversation as the requester's message, with the same
/// effects as over the API (IN-5): a reply while support waits puts the ticket back in progress and
/// voids its reminders (TR-4); a reply to a resolved ticket within the reopen window reopens it, a
/// later one (or one to a closed ticket) opens a linked follow-up (TR-6). An automatic message (an
/// out-of-office reply) is recorded but changes nothing. Handled once, in the transaction the
/// outbox marks it handled in.
/// </summary>
internal sealed class EmailReplyHandler(IDocumentSession session, IOptions<TicketOptions> options) : INotificationHandler<EmailReplyReceived>
{
    private const string By = "email";

    public async Task Handle(EmailReplyReceived e, CancellationToken cancellationToken)
    {
        // Exclusive: replies to one ticket delivered at once wait for each other instead of failing and retrying.
        var stream = await session.Events.FetchForExclusiveWriting<Ticket>(e.TicketId, cancellationToken);
        var ticket = stream.Aggregate
            ?? throw new InvalidOperationException($"Email intake threaded a reply into ticket {e.TicketId}, which does not exist yet; it is delivered again later.");
        if (ticket.Messages.Exists(m => m.Id == e.MessageId) || ticket.FollowUps.Contains(e.MessageId))
        {
            return; // recorded by an earlier delivery
        }

        session.LastModifiedBy = By;
        var at = e.OccurredAt;
        var automatic = e.Origin.Automatic;
        var withinWindow = ticket.Status == TicketStatus.Resolved && at - ticket.ResolvedAt <= options.Value.ReopenWindow;
        if (!automatic && !TicketLifecycle.IsOpen(ticket.Status) && !withinWindow && ticket.FollowUps.Count > 0)
        {
            // Its conversation went on in a follow-up (a reply-all to an old thread, say): the reply goes
            // there, which decides as it stands (joins it, reopens it, or follows it up in turn).
            session.PublishOnCommit(e with { TicketId = ticket.FollowUps[^1], EventId = Guid.CreateVersion7(at) });
            return;
        }

        if (!automatic && !TicketLifecycle.IsOpen(ticket.Status) && !withinWindow)
        {
            // Too late to reopen: a linked follow-up ticket, as a reopen over the API would open (TR-6).
            var followUpId = e.MessageId; // the follow-up ticket takes the message's id: one email, one follow-up
            stream.AppendOne(new FollowUpOpened(followUpId, e.Body, By, at, MessageAuthor.Requester, e.Origin));
            session.Publish(new TicketFollowUpRequested(
                ticket.Id, ticket.Number, ticket.OrganizationId, followUpId, e.Body, ticket.Subject, ticket.Requester, ticket.Category,
                ticket.Priority, TicketChannel.Email, ticket.Queue, ticket.ReproductionScenario, By), at);
            AddAttachments(stream, ticket, e);
            return;
        }

        if (!automatic && withinWindow)
        {
            TicketLifecycle.Ensure(ticket.Status, TicketStatus.InProgress, "reopen the ticket");
            stream.AppendOne(new Reopened(e.Body, By, at, MessageAuthor.Requester, e.Origin));
            session.Publish(new TicketReopened(ticket.Id, ticket.Number, ticket.OrganizationId, e.Body), at);
            session.StatusChanged(ticket, ticket.Status, TicketStatus.InProgress, null, By, at);
            stream.AppendOne(new MessageAdded(e.MessageId, e.Body, MessageVisibility.Public, MessageAuthor.Requester, By, at, e.Origin));
        }
        else if (!automatic && ticket.Status == TicketStatus.WaitingOnCustomer)
        {
            // TR-4: the answer support waited for.
            TicketLifecycle.Ensure(ticket.Status, TicketStatus.InProgress, "record the requester's reply");
            stream.AppendOne(new CustomerReplied(e.MessageId, e.Body, By, at, e.Origin));
            session.Publish(new TicketCustomerReplied(ticket.Id, ticket.Number, ticket.OrganizationId, e.MessageId), at);
            session.StatusChanged(ticket, ticket.Status, TicketStatus.InProgress, null, By, at);
            session.Delete<Pending.PendingTimer>(ticket.Id);
        }
        else
        {
            stream.AppendOne(new MessageAdded(e.MessageId, e.Body, MessageVisibility.Public, MessageAuthor.Requester, By, at, e.Origin));
        }

        session.Publish(new TicketPublicMessageAdded(ticket.Id, ticket.Number, ticket.OrganizationId, e.MessageId, MessageAuthor.Requester, e.Body), at);
        AddAttachments(stream, ticket, e);
    }

    private void AddAttachments(JasperFx.Events.IEventStream<Ticket> stream, Ticket ticket, EmailReplyReceived e)
    {
        foreach (var file in e.Attachments)
        {
            stream.AppendOne(new AttachmentAdded(
                file.Id, file.FileName, file.ContentType, file.Size, file.Sha256, MessageVisibility.Public, MessageAuthor.Requester, By, e.OccurredAt));
            session.Publish(new TicketPublicAttachmentAdded(
                ticket.Id, ticket.Number, ticket.OrganizationId, file.Id, file.FileName, file.ContentType, file.Size, MessageAuthor.Requester), e.OccurredAt);
        }
    }
}
