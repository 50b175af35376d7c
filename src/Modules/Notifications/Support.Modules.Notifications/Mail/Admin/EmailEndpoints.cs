using System.ComponentModel;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Notifications.Mail.Admin;

/// <summary>An email of the mail outbox, as administrators follow it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="MessageId">Its Message-ID.</param>
/// <param name="TicketId">The ticket it is about.</param>
/// <param name="TicketNumber">The ticket's number.</param>
/// <param name="Template">The event it tells of, e.g. <c>resolved</c>.</param>
/// <param name="Language">fr or en.</param>
/// <param name="To">The recipient's address.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Status">pending, sent, failed (every attempt failed; retry it once the cause is fixed) or bounced (sent, then returned by the recipient's side: `lastError` holds the report).</param>
/// <param name="Attempts">How many times sending was tried.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="NextAttemptAt">For a pending email, when it is tried next.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="SentAt">When the mail server accepted it.</param>
internal sealed record EmailView(
    Guid Id, string MessageId, Guid TicketId, string TicketNumber, string Template, string Language, string To, string Subject, EmailStatus Status,
    int Attempts, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt, DateTimeOffset? SentAt)
{
    public static EmailView For(OutgoingEmail e) => new(
        e.Id, e.MessageId, e.TicketId, e.TicketNumber, e.Template, e.Language, e.To, e.Subject, e.Status, e.Attempts, e.LastError,
        e.Status == EmailStatus.Pending ? e.NextAttemptAt : null, e.CreatedAt, e.SentAt);
}

/// <summary>A page of emails.</summary>
/// <param name="Items">The emails, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record EmailPage(IReadOnlyList<EmailView> Items, string? NextCursor);

/// <summary>The mail outbox for administrators: what was sent, what waits, what failed and why; failed emails sent again (NO-7).</summary>
internal sealed class EmailEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/notifications/emails", async Task<Results<Ok<EmailPage>, ProblemHttpResult>> (
                [Description("Only emails in this status: pending, sent, failed or bounced.")] string? status,
                [Description("Only the emails of this ticket.")] Guid? ticketId,
                int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<OutgoingEmail>().AsQueryable();
                if (QueryEnum.Parse<EmailStatus>(status, "status") is { } wanted)
                {
                    query = query.Where(x => x.Status == wanted);
                }

                if (ticketId is { } ticket)
                {
                    query = query.Where(x => x.TicketId == ticket);
                }

                if (paging.After is { } after)
                {
                    query = query.Where(x => x.ListKey.CompareTo(after) > 0);
                }

                var emails = await query.OrderBy(x => x.ListKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = emails.Take(paging.Limit).ToList();
                var next = emails.Count > paging.Limit ? Paging.CursorFor(page[^1].ListKey) : null;
                return TypedResults.Ok(new EmailPage(page.Select(EmailView.For).ToList(), next));
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("ListEmails")
            .WithTags("Notifications")
            .WithSummary("The emails sent, waiting and failed (admin)")
            .WithDescription("NO-7: every email queued for requesters, newest first, with its status, attempts and last error; filter by `status` (`failed` lists those that wait for an administrator) and `ticketId`. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        app.MapPost("/api/v1/notifications/emails/{id:guid}/retry", async Task<Ok<EmailView>> (
                Guid id, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var email = await session.LoadAsync<OutgoingEmail>(id, cancellationToken) ?? throw new NotFoundException("email");
                if (email.Status == EmailStatus.Sent)
                {
                    throw new ConflictException("The email was sent", $"Email {email.MessageId} was accepted by the mail server at {email.SentAt:O}: it is not sent twice.");
                }

                if (email.Status == EmailStatus.Pending)
                {
                    throw new ConflictException("The email is still being tried",
                        $"Email {email.MessageId} is pending: it is being sent or waits for its next attempt at {email.NextAttemptAt:O}. Only a failed email is retried by hand.");
                }

                email.Status = EmailStatus.Pending;
                email.Attempts = 0;
                email.NextAttemptAt = clock.GetUtcNow();
                session.Store(email);
                await session.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(EmailView.For(email));
            })
            .RequireAuthorization(Policies.Admin)
            .WithName("RetryEmail")
            .WithTags("Notifications")
            .WithSummary("Send a failed email again (admin)")
            .WithDescription("NO-7: puts a failed (or bounced, once the address is fixed) email back in the queue with a fresh set of attempts, with the same Message-ID; it is sent within moments. An email already sent, or still being tried, is a 409: it is never sent twice.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
