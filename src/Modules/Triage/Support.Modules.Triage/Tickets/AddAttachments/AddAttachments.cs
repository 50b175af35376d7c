using System.Security.Claims;
using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.AddAttachments;

/// <summary>Files to attach to a ticket after intake (IN-4), as read from the multipart request.</summary>
/// <param name="Visibility">The <c>visibility</c> form field: public (the default) or internal (staff only).</param>
/// <param name="Files">The files, already checked against the size and type limits.</param>
internal sealed record AddAttachments(string? Visibility, IReadOnlyList<IncomingAttachment> Files)
    : IRequest<(IReadOnlyList<AttachmentView> Attachments, TicketView Ticket)>
{
    public Guid TicketId { get; init; }

    public ClaimsPrincipal Caller { get; init; } = new();

    public int? ExpectedVersion { get; init; }

    public MessageVisibility? ParsedVisibility => Visibility?.Trim().ToLowerInvariant() switch
    {
        null or "" or "public" => MessageVisibility.Public,
        "internal" => MessageVisibility.Internal,
        _ => null,
    };
}

internal sealed class AddAttachmentsValidator : AbstractValidator<AddAttachments>
{
    public AddAttachmentsValidator()
    {
        RuleFor(x => x.Files).NotEmpty()
            .WithMessage("Attach at least one file: send it as a multipart/form-data part with a file name.");
        RuleFor(x => x.Visibility).Must((command, _) => command.ParsedVisibility is not null)
            .WithMessage("'visibility' is public or internal.");
    }
}

internal sealed class AddAttachmentsHandler(IDocumentSession session, TimeProvider clock)
    : IRequestHandler<AddAttachments, (IReadOnlyList<AttachmentView> Attachments, TicketView Ticket)>
{
    public async Task<(IReadOnlyList<AttachmentView> Attachments, TicketView Ticket)> Handle(AddAttachments command, CancellationToken cancellationToken)
    {
        var partner = command.Caller.IsPartner();
        var visibility = command.ParsedVisibility!.Value;
        if (partner && visibility == MessageVisibility.Internal)
        {
            throw new ForbiddenException("Partners attach public files only: internal files are for the support team.");
        }

        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        if (ticket.Status == TicketStatus.Closed)
        {
            throw TicketLifecycle.NotAllowed(ticket.Status, "attach a file", "the ticket is closed; reopen it to add files");
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var author = partner ? MessageAuthor.Requester : MessageAuthor.Support;
        var ids = new List<Guid>();
        foreach (var file in command.Files)
        {
            // The content and the event that names it commit together, or neither does.
            var stored = AttachmentStore.Stage(session, ticket.Id, file, now);
            stream.AppendOne(new AttachmentAdded(stored.Id, stored.FileName, stored.ContentType, stored.Size, stored.Sha256, visibility, author, by, now));
            ids.Add(stored.Id);
            if (visibility == MessageVisibility.Public)
            {
                session.Publish(new TicketPublicAttachmentAdded(
                    ticket.Id, ticket.Number, ticket.OrganizationId, stored.Id, stored.FileName, stored.ContentType, stored.Size, author), now);
            }
        }

        var changed = await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken);
        var added = ids.Select(id => AttachmentView.For(changed.Id, changed.Attachments.Single(a => a.Id == id), command.Caller)).ToList();
        return (added, await TicketViews.ViewAsync(session, changed, command.Caller, clock, cancellationToken));
    }
}
