using System.ComponentModel;
using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Email.Ingestion;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Email.Inbound;

/// <summary>A page of received emails, newest first.</summary>
/// <param name="Items">The emails.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record InboundEmailPage(IReadOnlyList<InboundEmailView> Items, string? NextCursor);

/// <summary>
/// IN-5, IN-7: mail handed over by a mail server, and the received emails that wait for a person
/// (held replies for agents; quarantined and throttled ones for administrators).
/// </summary>
internal sealed class InboundEmailEndpoints : ICarterModule
{
    private const string Rfc822 = "message/rfc822";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/inbound/email", async Task<Results<Created<InboundEmailView>, Ok<InboundEmailView>>> (
                HttpRequest request, EmailIngestion ingestion, CancellationToken cancellationToken) =>
            {
                var raw = await ReadMessageAsync(request, cancellationToken);
                var outcome = await ingestion.IngestAsync(raw, mailboxId: null, checkpoint: null, cancellationToken);
                var view = InboundEmailView.For(outcome.Email);
                return outcome.Duplicate ? TypedResults.Ok(view) : TypedResults.Created($"/api/v1/inbound/emails/{view.Id}", view);
            })
            .Accepts<string>(Rfc822)
            .WithMetadata(new MessageSizeLimit(app.ServiceProvider.GetRequiredService<IOptions<InboundMailOptions>>().Value.MaxMessageBytes))
            .RequireAuthorization(Policies.Mailgate)
            .WithName("ReceiveEmail")
            .WithTags("Email intake")
            .WithSummary("Hand over a received email (mail server with a mailgate key, or admin)")
            .WithDescription("IN-5: for a mail server that pipes mail in, or a provider's inbound hook: the raw message as `Content-Type: message/rfc822`. It goes through the same ingestion as a mailbox's mail: routed to the queue whose intake address it was sent to (To, Cc, Delivered-To), its sender matched to a contact or to an organisation by its `emailDomains` (else filed as `unknownSender`), a reply threaded into its ticket (In-Reply-To/References, then the `[SUP-n]` subject token, then the reference hidden in our mail). Answers 201 with the record of what became of it (`status`: ingested, held, throttled, quarantined, bounced or ignored; `ticketId`); the same message again (same Message-ID) is a 200 with the first record, and nothing is done twice. A body that is not `message/rfc822` is a 415, an empty one a 400, one over `Support:Mail:Inbound:MaxMessageBytes` a 413.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        var emails = app.MapGroup("/api/v1/inbound/emails").WithTags("Email intake");

        emails.MapGet("", async Task<Results<Ok<InboundEmailPage>, ProblemHttpResult>> (
                [Description("Only emails in this status: ingested, held, throttled, quarantined, bounced or ignored.")] string? status,
                [Description("Only the emails of this mailbox.")] Guid? mailboxId,
                [Description("Only the emails of this ticket.")] Guid? ticketId,
                int? limit, string? cursor, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                var query = session.Query<InboundEmail>().AsQueryable();
                if (QueryEnum.Parse<InboundEmailStatus>(status, "status") is { } wanted)
                {
                    query = query.Where(e => e.Status == wanted);
                }

                if (mailboxId is { } mailbox)
                {
                    query = query.Where(e => e.MailboxId == mailbox);
                }

                if (ticketId is { } ticket)
                {
                    query = query.Where(e => e.TicketId == ticket);
                }

                if (paging.After is { } after)
                {
                    query = query.Where(e => e.ListKey.CompareTo(after) > 0);
                }

                var rows = await query.OrderBy(e => e.ListKey).Take(paging.Limit + 1).ToListAsync(cancellationToken);
                var page = rows.Take(paging.Limit).ToList();
                return TypedResults.Ok(new InboundEmailPage(
                    page.Select(InboundEmailView.For).ToList(), rows.Count > paging.Limit ? Paging.CursorFor(page[^1].ListKey) : null));
            })
            .RequireAuthorization(Policies.Agent)
            .WithName("ListInboundEmails")
            .WithSummary("List received emails (agent)")
            .WithDescription("IN-5, IN-7: every email received, newest first, with what became of it. `status=held` lists the replies from unknown senders an agent accepts; `quarantined` and `throttled` those an administrator retries. Paged: `limit` (default 50, max 200) and the opaque `cursor` from the previous page's `nextCursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        emails.MapGet("/{id:guid}", async Task<Results<Ok<InboundEmailView>, ProblemHttpResult>> (
                Guid id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<InboundEmail>(id, cancellationToken) is { } email ? TypedResults.Ok(InboundEmailView.For(email)) : Problems.NotFound("email"))
            .RequireAuthorization(Policies.Agent)
            .WithName("GetInboundEmail")
            .WithSummary("Read what became of a received email (agent)")
            .WithDescription("IN-7: its sender, recipients, status and reason, and the ticket it opened or answers. An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        emails.MapGet("/{id:guid}/raw", async Task<IResult> (Guid id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<InboundEmail>(id, cancellationToken) is { Raw.Id: var raw } email && raw != Guid.Empty
                    ? AttachmentStore.Download(email.Raw)
                    : Problems.NotFound("email"))
            .RequireAuthorization(Policies.Agent)
            .WithName("GetInboundEmailRaw")
            .WithSummary("Download a received email as it came (agent)")
            .WithDescription("The message exactly as received, as `message/rfc822` (an `.eml` file); for a message too large to read whole, its headers. An unknown id, or a message that could not be kept at all, is a 404.")
            .Produces<string>(StatusCodes.Status200OK, Rfc822)
            .ProducesProblems(StatusCodes.Status404NotFound);

        emails.MapPost("/{id:guid}/accept", async Task<Ok<InboundEmailView>> (
                Guid id, ClaimsPrincipal user, EmailIngestion ingestion, CancellationToken cancellationToken) =>
                TypedResults.Ok(InboundEmailView.For(await ingestion.ReprocessAsync(
                    id, [InboundEmailStatus.Held], IngestionOverride.AcceptSender, user.KeyId(), cancellationToken))))
            .RequireAuthorization(Policies.Agent)
            .WithName("AcceptInboundEmail")
            .WithSummary("Accept a reply held because of its sender (agent)")
            .WithDescription("IN-5: a reply from an address that is neither the ticket's requester nor a contact of its organisation waits (`held`): `From:` proves nothing. Accepting it adds it to the ticket as the requester's message, as if the requester had written it; the agent's key is recorded. An email that is not held is a 409; an unknown id a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        emails.MapPost("/{id:guid}/retry", async Task<Ok<InboundEmailView>> (
                Guid id, ClaimsPrincipal user, EmailIngestion ingestion, CancellationToken cancellationToken) =>
                TypedResults.Ok(InboundEmailView.For(await ingestion.ReprocessAsync(
                    id, [InboundEmailStatus.Quarantined, InboundEmailStatus.Throttled], IngestionOverride.Release, user.KeyId(), cancellationToken))))
            .RequireAuthorization(Policies.Admin)
            .WithName("RetryInboundEmail")
            .WithSummary("Ingest a quarantined or throttled email again (admin)")
            .WithDescription("IN-7: runs the ingestion again on the raw message kept: a quarantined email once its cause is fixed (it stays quarantined, with the new reason, if it still fails), a throttled one released past its sender's hourly limit. A held reply may still come out held. Another status is a 409; an unknown id a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<byte[]> ReadMessageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), Rfc822, StringComparison.OrdinalIgnoreCase))
        {
            throw new AttachmentRejectedException(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type",
                $"Send the raw message as 'Content-Type: {Rfc822}'.", new Dictionary<string, object?> { ["accepted"] = new[] { Rfc822 } });
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            throw new FluentValidation.ValidationException(
                [new FluentValidation.Results.ValidationFailure("body", "The body is empty: send the raw message (RFC 5322).")]);
        }

        return buffer.ToArray();
    }

    /// <summary>A received message may be larger than the API's default body limit, up to the intake's own.</summary>
    private sealed class MessageSizeLimit(long maxRequestBodySize) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxRequestBodySize;
    }
}
