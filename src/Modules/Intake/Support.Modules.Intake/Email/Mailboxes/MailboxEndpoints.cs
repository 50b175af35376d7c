using Carter;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Intake.Email.Ingestion;
using Support.Modules.Intake.Queues;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Secrets;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Email.Mailboxes;

/// <summary>How to reach an IMAP mailbox, as an administrator writes it.</summary>
/// <param name="Host">The IMAP server's host name or address.</param>
/// <param name="Port">Its port: 993 with TLS, 143 without by default.</param>
/// <param name="UserName">The account's user name.</param>
/// <param name="Password">The account's password: stored encrypted, never shown again. Optional on PATCH (the current one stays).</param>
/// <param name="UseTls">TLS: implicit on port 993, STARTTLS on any other port. False sends the password in clear: for a server on the same machine only.</param>
/// <param name="Folder">The folder to read; <c>INBOX</c> by default.</param>
internal sealed record ImapInput(
    string? Host = null, int? Port = null, string? UserName = null, string? Password = null, bool? UseTls = null, string? Folder = null);

/// <summary>A mailbox to read mail from (IN-5).</summary>
/// <param name="Name">What the team calls it, e.g. <c>Technical support</c>.</param>
/// <param name="Imap">How to reach it.</param>
/// <param name="Enabled">False to keep it without reading it; true by default.</param>
/// <param name="Queue">The queue (its id) of a new message none of whose recipients is a queue's intake address (sent by Bcc or to an alias); <c>Support:Mail:Inbound:DefaultQueue</c> when absent.</param>
internal sealed record CreateMailbox(string? Name, ImapInput? Imap, bool? Enabled = null, string? Queue = null);

/// <summary>Changes to a mailbox: what is given replaces what it had.</summary>
/// <param name="Name">Its new name.</param>
/// <param name="Imap">Its new settings, field by field; pointing it at another server, account or folder starts its reading again (what was ingested stays, and is recognised).</param>
/// <param name="Enabled">False stops reading it; true starts again.</param>
/// <param name="Queue">Its new fallback queue (its id); <c>""</c> goes back to <c>Support:Mail:Inbound:DefaultQueue</c>.</param>
internal sealed record UpdateMailbox(string? Name = null, ImapInput? Imap = null, bool? Enabled = null, string? Queue = null);

/// <summary>How to reach a mailbox, without its password.</summary>
/// <param name="Host">The IMAP server.</param>
/// <param name="Port">Its port.</param>
/// <param name="UserName">The account.</param>
/// <param name="UseTls">Whether TLS is used.</param>
/// <param name="Folder">The folder read.</param>
internal sealed record ImapView(string Host, int Port, string UserName, bool UseTls, string Folder);

/// <summary>How a mailbox's reading goes.</summary>
/// <param name="LastPollAt">When it was last read without error.</param>
/// <param name="LastError">The last error reading it (cleared by the next good reading).</param>
/// <param name="LastErrorAt">When that error happened.</param>
/// <param name="Idle">The server offers IMAP IDLE: new mail is read as it arrives.</param>
/// <param name="UidValidity">The folder's UIDVALIDITY as last read.</param>
/// <param name="LastUid">The UID of the last message ingested.</param>
/// <param name="Ingested">Messages it brought that opened or joined a ticket.</param>
/// <param name="Quarantined">Messages of it waiting in quarantine.</param>
/// <param name="Held">Replies from unknown senders waiting for an agent.</param>
/// <param name="Throttled">Messages over their sender's hourly limit, waiting for an administrator.</param>
internal sealed record MailboxStatus(
    DateTimeOffset? LastPollAt, string? LastError, DateTimeOffset? LastErrorAt, bool Idle, uint UidValidity, uint LastUid, int Ingested, int Quarantined,
    int Held, int Throttled);

/// <summary>A mailbox as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Imap">How it is reached (never the password).</param>
/// <param name="Enabled">Whether it is read.</param>
/// <param name="Queue">The queue of its new messages that name no queue's intake address; null for the default one.</param>
/// <param name="Status">How its reading goes.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="UpdatedAt">When its settings last changed.</param>
internal sealed record MailboxView(
    Guid Id, string Name, ImapView Imap, bool Enabled, string? Queue, MailboxStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed class CreateMailboxValidator : AbstractValidator<CreateMailbox>
{
    public CreateMailboxValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Imap).NotNull().WithMessage("'imap' is required: host, port, userName, password, useTls and folder.");
        RuleFor(x => x.Imap!.Host).NotEmpty().When(x => x.Imap is not null).OverridePropertyName("imap.host");
        RuleFor(x => x.Imap!.UserName).NotEmpty().When(x => x.Imap is not null).OverridePropertyName("imap.userName");
        RuleFor(x => x.Imap!.Password).NotEmpty().When(x => x.Imap is not null).OverridePropertyName("imap.password");
        RuleFor(x => x.Imap!).SetValidator(new ImapInputValidator()).When(x => x.Imap is not null).OverridePropertyName("imap");
        RuleFor(x => x.Queue).MaximumLength(100);
    }
}

internal sealed class UpdateMailboxValidator : AbstractValidator<UpdateMailbox>
{
    public UpdateMailboxValidator()
    {
        RuleFor(x => x).Must(x => x.Name is not null || x.Imap is not null || x.Enabled is not null || x.Queue is not null)
            .WithName("body").WithMessage("Give at least one of 'name', 'imap', 'enabled' or 'queue'.");
        RuleFor(x => x.Queue).MaximumLength(100);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100).When(x => x.Name is not null);
        RuleFor(x => x.Imap!).SetValidator(new ImapInputValidator()).When(x => x.Imap is not null).OverridePropertyName("imap");
    }
}

internal sealed class ImapInputValidator : AbstractValidator<ImapInput>
{
    public ImapInputValidator()
    {
        RuleFor(x => x.Host).MaximumLength(253).Must(h => h is null || Uri.CheckHostName(h.Trim()) != UriHostNameType.Unknown)
            .WithMessage("'host' must be a host name or an IP address.");
        RuleFor(x => x.Port).InclusiveBetween(1, 65535);
        RuleFor(x => x.UserName).MaximumLength(320);
        RuleFor(x => x.Password).MaximumLength(1000);
        RuleFor(x => x.Folder).MaximumLength(200).Must(f => f is null || f.Trim().Length > 0).WithMessage("'folder' must not be blank.");
    }
}

/// <summary>IN-5: the IMAP mailboxes support reads (administrators).</summary>
internal sealed class MailboxEndpoints : ICarterModule
{
    private const string Description =
        " Passwords are stored encrypted (ASP.NET Core Data Protection, keys in PostgreSQL) and never returned. `status` tells how the reading goes: last poll, last error, messages ingested, quarantined, held and throttled.";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/mailboxes").WithTags("Email intake").RequireAuthorization(Policies.Admin);

        group.MapPost("", async Task<Created<MailboxView>> (
                CreateMailbox request, IDocumentSession session, SecretProtector secrets, MailboxSignal signal, TimeProvider clock,
                IEnumerable<IValidator<CreateMailbox>> validators, CancellationToken cancellationToken) =>
            {
                await validators.ValidateAndThrowAsync(request, cancellationToken);
                await EnsureQueueAsync(session, request.Queue, cancellationToken);
                var now = clock.GetUtcNow();
                var imap = request.Imap!;
                var useTls = imap.UseTls ?? true;
                var mailbox = new Mailbox
                {
                    Id = Guid.CreateVersion7(now),
                    Name = request.Name!.Trim(),
                    Imap = new ImapSettings
                    {
                        Host = imap.Host!.Trim(),
                        Port = imap.Port ?? (useTls ? 993 : 143),
                        UserName = imap.UserName!,
                        ProtectedPassword = secrets.Protect(imap.Password!),
                        UseTls = useTls,
                        Folder = imap.Folder?.Trim() ?? "INBOX",
                    },
                    Enabled = request.Enabled ?? true,
                    Queue = string.IsNullOrWhiteSpace(request.Queue) ? null : request.Queue,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                session.Insert(mailbox);
                await session.SaveChangesAsync(cancellationToken);
                signal.Changed();
                return TypedResults.Created($"/api/v1/mailboxes/{mailbox.Id}", await ViewAsync(session, mailbox, cancellationToken));
            })
            .WithName("CreateMailbox")
            .WithSummary("Add an IMAP mailbox to read mail from (admin)")
            .WithDescription("IN-5: the service reads the mailbox's folder from now on (its unread messages, then each new one), with IMAP IDLE where the server offers it, else every `Support:Mail:Inbound:PollInterval` (30 seconds by default). Each message opens a ticket in the queue whose intake address it was sent to, or joins the ticket it answers; it is marked read once stored. A message none of whose recipients is a queue's intake address goes to the mailbox's `queue`, else `Support:Mail:Inbound:DefaultQueue`." + Description + " A `queue` that does not exist is a 422.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);

        group.MapGet("", async Task<Ok<List<MailboxView>>> (IQuerySession session, CancellationToken cancellationToken) =>
            {
                var mailboxes = await session.Query<Mailbox>().OrderBy(m => m.Name).ToListAsync(cancellationToken);
                var views = new List<MailboxView>();
                foreach (var mailbox in mailboxes)
                {
                    views.Add(await ViewAsync(session, mailbox, cancellationToken));
                }

                return TypedResults.Ok(views);
            })
            .WithName("ListMailboxes")
            .WithSummary("List the mailboxes read (admin)")
            .WithDescription("IN-5: every mailbox (a short list, not paged), by name." + Description);

        group.MapGet("/{id:guid}", async Task<Results<Ok<MailboxView>, ProblemHttpResult>> (Guid id, IQuerySession session, CancellationToken cancellationToken) =>
                await session.LoadAsync<Mailbox>(id, cancellationToken) is { } mailbox
                    ? TypedResults.Ok(await ViewAsync(session, mailbox, cancellationToken))
                    : Problems.NotFound("mailbox"))
            .WithName("GetMailbox")
            .WithSummary("Read a mailbox and how its reading goes (admin)")
            .WithDescription("IN-5." + Description + " An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        group.MapPatch("/{id:guid}", async Task<Results<Ok<MailboxView>, ProblemHttpResult>> (
                Guid id, UpdateMailbox request, IDocumentSession session, SecretProtector secrets, MailboxSignal signal, TimeProvider clock,
                IEnumerable<IValidator<UpdateMailbox>> validators, CancellationToken cancellationToken) =>
            {
                await validators.ValidateAndThrowAsync(request, cancellationToken);
                if (await session.LoadAsync<Mailbox>(id, cancellationToken) is not { } mailbox)
                {
                    return Problems.NotFound("mailbox");
                }

                await EnsureQueueAsync(session, request.Queue, cancellationToken);
                if (request.Queue is not null)
                {
                    mailbox.Queue = request.Queue.Length == 0 ? null : request.Queue;
                }

                var before = new ImapSettings { Host = mailbox.Imap.Host, Port = mailbox.Imap.Port, UserName = mailbox.Imap.UserName, Folder = mailbox.Imap.Folder };
                mailbox.Name = request.Name?.Trim() ?? mailbox.Name;
                mailbox.Enabled = request.Enabled ?? mailbox.Enabled;
                if (request.Imap is { } imap)
                {
                    mailbox.Imap.Host = imap.Host?.Trim() is { Length: > 0 } host ? host : mailbox.Imap.Host;
                    mailbox.Imap.UseTls = imap.UseTls ?? mailbox.Imap.UseTls;
                    mailbox.Imap.Port = imap.Port ?? mailbox.Imap.Port;
                    mailbox.Imap.UserName = imap.UserName is { Length: > 0 } userName ? userName : mailbox.Imap.UserName;
                    mailbox.Imap.Folder = imap.Folder?.Trim() ?? mailbox.Imap.Folder;
                    if (imap.Password is { Length: > 0 } password)
                    {
                        mailbox.Imap.ProtectedPassword = secrets.Protect(password);
                    }
                }

                if (!mailbox.Imap.IsSameMailboxAs(before))
                {
                    session.Delete<MailboxCheckpoint>(id); // another mailbox: its reading starts again
                }

                mailbox.UpdatedAt = clock.GetUtcNow();
                session.Update(mailbox);
                await session.SaveChangesAsync(cancellationToken);
                signal.Changed();
                return TypedResults.Ok(await ViewAsync(session, mailbox, cancellationToken));
            })
            .WithName("UpdateMailbox")
            .WithSummary("Change a mailbox (admin)")
            .WithDescription("IN-5: what is given replaces what it had (`imap` field by field; a password only when given). Hosts reading it reconnect with the new settings within moments. Pointing it at another server, account or folder starts its reading again from that folder's unread messages." + Description + " A `queue` that does not exist is a 422; an unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
                Guid id, IDocumentSession session, MailboxSignal signal, CancellationToken cancellationToken) =>
            {
                if (await session.LoadAsync<Mailbox>(id, cancellationToken) is null)
                {
                    return Problems.NotFound("mailbox");
                }

                session.Delete<Mailbox>(id);
                session.Delete<MailboxCheckpoint>(id);
                await session.SaveChangesAsync(cancellationToken);
                signal.Changed();
                return TypedResults.NoContent();
            })
            .WithName("DeleteMailbox")
            .WithSummary("Stop reading a mailbox and forget it (admin)")
            .WithDescription("IN-5: the service stops reading it within moments; the emails it brought, and their tickets, stay. An unknown id is a 404.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>A fallback queue must exist: a message is never filed in a queue that is not there.</summary>
    private static async Task EnsureQueueAsync(IQuerySession session, string? queue, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(queue) && !await QueueDirectory.ExistsAsync(session, queue, cancellationToken))
        {
            throw new UnprocessableException("queue", $"There is no queue '{queue}': GET /api/v1/queues lists them.");
        }
    }

    private static async Task<MailboxView> ViewAsync(IQuerySession session, Mailbox mailbox, CancellationToken cancellationToken)
    {
        var id = mailbox.Id;
        var batch = session.CreateBatchQuery();
        var checkpoint = batch.Load<MailboxCheckpoint>(id);
        var ingested = batch.Query<InboundEmail>().Count(e => e.MailboxId == id && e.Status == InboundEmailStatus.Ingested);
        var quarantined = batch.Query<InboundEmail>().Count(e => e.MailboxId == id && e.Status == InboundEmailStatus.Quarantined);
        var held = batch.Query<InboundEmail>().Count(e => e.MailboxId == id && e.Status == InboundEmailStatus.Held);
        var throttled = batch.Query<InboundEmail>().Count(e => e.MailboxId == id && e.Status == InboundEmailStatus.Throttled);
        await batch.Execute(cancellationToken);
        var c = await checkpoint;
        var imap = mailbox.Imap;
        return new MailboxView(
            mailbox.Id, mailbox.Name, new ImapView(imap.Host, imap.Port, imap.UserName, imap.UseTls, imap.Folder), mailbox.Enabled, mailbox.Queue,
            new MailboxStatus(c?.LastPollAt, c?.LastError, c?.LastErrorAt, c?.Idle ?? false, c?.UidValidity ?? 0, c?.LastUid ?? 0,
                (int)await ingested, (int)await quarantined, (int)await held, (int)await throttled),
            mailbox.CreatedAt, mailbox.UpdatedAt);
    }
}
