using Marten;
using MediatR;
using Support.Modules.Shared.Http;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Calendars;
using Support.Modules.Surveys.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Notifications.CustomerEmails;

/// <summary>
/// The emails the support process promises the requester (NO-1..NO-4), one per event, each queued
/// in the transaction that marks the event handled: an event is handled once, so its email is queued
/// once (NO-7). Templates are per event and language (NO-5); every email threads with the ticket.
/// </summary>
internal sealed class CustomerEmailHandlers(IDocumentSession session, CustomerMail mail, IMediator mediator) :
    INotificationHandler<TicketSubmitted>,
    INotificationHandler<TicketTakenInCharge>,
    INotificationHandler<TicketAwaitingCustomer>,
    INotificationHandler<TicketPublicMessageAdded>,
    INotificationHandler<TicketResolved>,
    INotificationHandler<TicketClosed>,
    INotificationHandler<TicketFixDeployed>,
    INotificationHandler<TicketProductDecision>,
    INotificationHandler<TicketPendingReminderDue>,
    INotificationHandler<SurveyInvitationIssued>
{
    /// <summary>NO-1, IN-6: the ticket is open, with its number and a link to follow it. Its Message-ID roots the thread.</summary>
    public async Task Handle(TicketSubmitted e, CancellationToken cancellationToken)
    {
        var recipient = new TicketRecipient
        {
            Id = e.TicketId, Number = e.Number, OrganizationId = e.OrganizationId, OrganizationName = e.OrganizationName, Requester = e.Requester,
            Language = e.Language, Subject = e.Subject, Category = e.Category,
            ReplyTo = await mediator.Send(new FindQueueIntakeAddress(e.Queue), cancellationToken),
        };
        session.Store(recipient);
        if (e.Email is { Automatic: true })
        {
            return; // an auto-reply, a list or a mailer daemon opened it: answering could loop (RFC 3834)
        }

        // Opened outside the queue's support hours: the email says when the team is back (TR-8).
        var calendar = new BusinessCalendar(await mediator.Send(new FindQueueCalendar(e.Queue), cancellationToken));
        var opening = calendar.IsOpen(e.OccurredAt) ? null : calendar.NextOpening(e.OccurredAt);
        await mail.QueueAsync(recipient, "ticket-opened", e.EventId, new Dictionary<string, object?>
        {
            ["opening"] = new Dictionary<string, object?>
            {
                ["closed"] = opening is not null,
                ["next"] = opening is { } next ? CustomerMail.LocalDate(next, calendar.Definition.TimeZone, e.Language) : null,
            },
        }, threadRoot: true, answers: e.Email?.MessageId, cancellationToken: cancellationToken);
    }

    /// <summary>NO-2: a technician took it in charge; a reassignment is not news to the requester.</summary>
    public async Task Handle(TicketTakenInCharge e, CancellationToken cancellationToken)
    {
        if (e.FirstTime)
        {
            await mail.QueueAsync(await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken), "taken-in-charge", e.EventId, cancellationToken: cancellationToken);
        }
    }

    /// <summary>TR-4: support asks the requester something.</summary>
    public async Task Handle(TicketAwaitingCustomer e, CancellationToken cancellationToken)
    {
        var recipient = await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken);
        recipient.PendingQuestion = e.Message;
        session.Store(recipient);
        await mail.QueueAsync(recipient, "waiting-on-you", e.EventId, new Dictionary<string, object?> { ["message"] = e.Message },
            automatic: false, cancellationToken: cancellationToken);
    }

    /// <summary>TR-7, NO-4: a public reply from support; the requester's own messages are not sent back to them.</summary>
    public async Task Handle(TicketPublicMessageAdded e, CancellationToken cancellationToken)
    {
        if (e.Author == MessageAuthor.Support)
        {
            await mail.QueueAsync(await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken), "support-reply", e.EventId,
                new Dictionary<string, object?> { ["message"] = e.Body }, automatic: false, cancellationToken: cancellationToken);
        }
    }

    /// <summary>NO-3: resolved, always saying how (TR-5): a refusal is never a bare "resolved".</summary>
    public async Task Handle(TicketResolved e, CancellationToken cancellationToken)
    {
        if (e.Cause == "product_decision")
        {
            return; // the product decision's own email tells it, with the message and the workaround
        }

        var recipient = await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken);
        // Asked of Triage, where the original always is, not of this module's copy, which its own opening may not have reached yet.
        var original = e.DuplicateOf is { } id ? await mediator.Send(new FindTicketFacts(id), cancellationToken) : null;
        await mail.QueueAsync(recipient, "resolved", e.EventId, new Dictionary<string, object?>
        {
            ["resolution"] = new Dictionary<string, object?>
            {
                ["code"] = QueryEnum.NameOf(e.Resolution),
                ["label"] = Labels.Resolution(e.Resolution, recipient.Language),
                ["note"] = e.Note,
                ["duplicate_of"] = original?.Number,
                ["reopen_until"] = e.ReopenableUntil is { } until ? CustomerMail.Date(until, recipient.Language) : null,
            },
        }, cancellationToken: cancellationToken);
    }

    /// <summary>NO-3: closed for good.</summary>
    public async Task Handle(TicketClosed e, CancellationToken cancellationToken)
    {
        var recipient = await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken);
        await mail.QueueAsync(recipient, "closed", e.EventId, new Dictionary<string, object?>
        {
            ["resolution"] = new Dictionary<string, object?> { ["code"] = QueryEnum.NameOf(e.Resolution), ["label"] = Labels.Resolution(e.Resolution, recipient.Language) },
        }, cancellationToken: cancellationToken);
    }

    /// <summary>ES-3, NO-4: the fix is out; the requester is asked to check it.</summary>
    public async Task Handle(TicketFixDeployed e, CancellationToken cancellationToken) =>
        await mail.QueueAsync(await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken), "fix-deployed", e.EventId,
            new Dictionary<string, object?> { ["fix"] = new Dictionary<string, object?> { ["version"] = e.Version } }, cancellationToken: cancellationToken);

    /// <summary>ES-7, NO-4: the product team's decision, with its message and the workaround if any.</summary>
    public async Task Handle(TicketProductDecision e, CancellationToken cancellationToken)
    {
        var recipient = await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken);
        await mail.QueueAsync(recipient, "product-decision", e.EventId, new Dictionary<string, object?>
        {
            ["decision"] = new Dictionary<string, object?>
            {
                ["code"] = QueryEnum.NameOf(e.Decision),
                ["label"] = Labels.Decision(e.Decision, recipient.Language),
                ["message"] = e.Message,
                ["workaround"] = e.Workaround,
            },
        }, cancellationToken: cancellationToken);
    }

    /// <summary>TR-4, NO-4: the hook of the time rules: a reminder of the unanswered question.</summary>
    public async Task Handle(TicketPendingReminderDue e, CancellationToken cancellationToken)
    {
        var recipient = await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken);
        await mail.QueueAsync(recipient, "pending-reminder", e.EventId, new Dictionary<string, object?>
        {
            ["message"] = recipient.PendingQuestion,
            ["reminder"] = new Dictionary<string, object?>
            {
                ["number"] = e.Reminder,
                ["final"] = e.Reminder >= 2,
                ["auto_resolve_at"] = CustomerMail.Date(e.AutoResolveAt, recipient.Language),
            },
        }, cancellationToken: cancellationToken);
    }

    /// <summary>SU-1, NO-4: the hook of the surveys: the link to say how it went.</summary>
    public async Task Handle(SurveyInvitationIssued e, CancellationToken cancellationToken)
    {
        var recipient = await mail.RecipientAsync(e.TicketId, e.Number, cancellationToken);
        await mail.QueueAsync(recipient, "survey", e.EventId, new Dictionary<string, object?>
        {
            ["survey"] = new Dictionary<string, object?> { ["url"] = e.SurveyUrl, ["expires_at"] = CustomerMail.Date(e.ExpiresAt, recipient.Language) },
        }, cancellationToken: cancellationToken);
    }
}
