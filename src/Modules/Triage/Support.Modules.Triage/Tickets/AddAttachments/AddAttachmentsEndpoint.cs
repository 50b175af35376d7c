using System.Security.Claims;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.AddAttachments;

/// <summary>The files just attached.</summary>
/// <param name="Items">One per file, in the order they were sent.</param>
internal sealed record AddedAttachments(IReadOnlyList<AttachmentView> Items);

internal sealed class AddAttachmentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/tickets/{id:guid}/attachments", async Task<Created<AddedAttachments>> (
                Guid id, HttpContext context, ClaimsPrincipal user, IOptions<AttachmentOptions> options, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var expectedVersion = IfMatch.ExpectedVersion(context.Request);
                var form = await AttachmentForm.ReadAsync(context.Request, options.Value, cancellationToken);
                var (attachments, ticket) = await mediator.Send(
                    new AddAttachments(form.Field("visibility"), form.Files) { TicketId = id, Caller = user, ExpectedVersion = expectedVersion },
                    cancellationToken);
                context.Response.Headers.ETag = ticket.ETag;
                var location = attachments.Count == 1 ? attachments[0].Url : $"/api/v1/tickets/{id}/attachments";
                return TypedResults.Created(location, new AddedAttachments(attachments));
            })
            .AcceptsAttachments()
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("AddTicketAttachments")
            .WithTags("Tickets")
            .WithSummary("Attach files to a ticket (staff; partners: public files for their organisations)")
            .WithDescription("Stores one or more files with the ticket (IN-4), sent as `multipart/form-data`: every part with a file name is a file, whatever the part's name; the optional form field `visibility` is `public` (the default: shown to the requester and partners) or `internal` (staff only; a partner asking for it gets 403). Each file is at most `Support:Attachments:MaxBytes` (10 MiB by default, 413 naming the file and the limit), of an accepted type (415 naming the type and the accepted ones; a part sent as `application/octet-stream` takes the type its extension names, so `.log` files are `text/plain`), and not empty (400); a request carries at most `Support:Attachments:MaxFilesPerRequest` files (20 by default, 400 beyond). Every file is checked before anything is stored: a rejected request stores nothing. Each file is an `attachment_added` change of the ticket, committed with its content. A closed ticket takes no files (409); `If-Match` is honoured (412). Answers 201 with the files' metadata; `Location` is the download of the file (or the list, for several), `ETag` the ticket's new version.")
            .WithAttachmentUploadBody(
                "The files, and optionally their visibility.",
                new Dictionary<string, IOpenApiSchema>
                {
                    ["visibility"] = AttachmentOpenApi.Choice("public (the default) or internal (staff only).", "public", "internal"),
                })
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
