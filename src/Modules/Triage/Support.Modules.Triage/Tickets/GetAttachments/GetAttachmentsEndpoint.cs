using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.GetAttachments;

/// <summary>A page of a ticket's files.</summary>
/// <param name="Items">The files, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last one.</param>
internal sealed record AttachmentPage(IReadOnlyList<AttachmentView> Items, string? NextCursor);

internal sealed class GetAttachmentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tickets/{id:guid}/attachments", async Task<Results<Ok<AttachmentPage>, ProblemHttpResult>> (
                Guid id, int? limit, string? cursor, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                if (Paging.Parse(limit, cursor) is not { } paging)
                {
                    return Paging.Invalid();
                }

                if (await TicketReads.LoadVisibleAsync(session, id, user, cancellationToken) is not { } ticket)
                {
                    return Problems.NotFound("ticket");
                }

                if (TicketReads.PageAfter(TicketAttachment.VisibleTo(ticket, user).ToList(), paging, a => a.Id) is not var (page, next))
                {
                    return Paging.Invalid(); // not an attachment of this list: a cursor from elsewhere
                }

                return TypedResults.Ok(new AttachmentPage(page.Select(a => AttachmentView.For(ticket.Id, a, user)).ToList(), next));
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("ListTicketAttachments")
            .WithTags("Tickets")
            .WithSummary("A ticket's files, oldest first (staff; partners: public files only)")
            .WithDescription("The files attached at intake and later (IN-4), with their name, type, size, SHA-256 and download `url`. Partners never see internal files. Paged with `limit` and `cursor`.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/tickets/{id:guid}/attachments/{attachmentId:guid}", async Task<IResult> (
                Guid id, Guid attachmentId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
            {
                var attachment = await TicketReads.LoadVisibleAsync(session, id, user, cancellationToken) is { } ticket
                    ? TicketAttachment.VisibleTo(ticket, user).FirstOrDefault(a => a.Id == attachmentId)
                    : null;
                return attachment is null ? Problems.NotFound("attachment") : AttachmentStore.Download(attachment.Info);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("DownloadTicketAttachment")
            .WithTags("Tickets")
            .WithSummary("Download one of a ticket's files (staff; partners: public files of their organisations)")
            .WithDescription("The file's bytes, with the media type it was stored with, its size in `Content-Length`, `Content-Disposition: attachment` with its name (`filename*=UTF-8''…`), `X-Content-Type-Options: nosniff` and its SHA-256 as `ETag`. An internal file is a 404 for a partner, as is any file of another organisation's ticket.")
            .WithAttachmentDownload()
            .ProducesProblems(StatusCodes.Status404NotFound);
    }
}
