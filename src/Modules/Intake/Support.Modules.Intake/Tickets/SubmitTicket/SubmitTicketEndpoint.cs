using System.Security.Claims;
using System.Text.Json;
using Carter;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Support.Modules.Shared.Attachments;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Tickets.SubmitTicket;

internal sealed class SubmitTicketEndpoint : ICarterModule
{
    /// <summary>The part of a multipart submission that holds the ticket's JSON.</summary>
    private const string TicketPart = "ticket";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/tickets", async Task<Created<SubmittedTicketView>> (
                SubmitTicket command, ClaimsPrincipal user, HttpResponse response, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var ticket = await mediator.Send(command with { Caller = user }, cancellationToken);
                response.Headers.ETag = IfMatch.ETagFor(ticket.Version);
                return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", ticket);
            })
            .RequireAuthorization(Policies.AgentOrPartner)
            .WithName("SubmitTicket")
            .WithTags("Tickets")
            .WithSummary("Open a ticket (agent, or a partner for its organisations)")
            .WithDescription("Opens a ticket for a customer organisation and its requester. `reproductionScenario` is required for a `bug`. Answers 201 with the ticket (its `id`, `number` and `status`), its URL in `Location` and its version in `ETag`. A `phone` ticket is recorded by an agent, with `callNotes` (IN-5). A channel the organisation's contract does not cover is accepted and flagged `outsideContract` for the agent (IN-8). Invalid fields are a 400; a partner recording a phone call is a 403; an organisation that does not exist, or that a partner may not act for, is a 422.")
            .WithMultipartAlternative(TicketPart,
                "Files can be attached at intake (IN-4): send `multipart/form-data` with the same JSON in a part named `ticket` (a plain field, or a file as `curl -F ticket=@ticket.json` sends it) and one part per file (any other part name; a part with a file name is a file). Each file is at most `Support:Attachments:MaxBytes` (413 naming the file and the limit), of an accepted type (415 naming the type and the accepted ones) and not empty (400); a rejected file opens no ticket. The files are public and listed in the ticket's `attachments` from its first version.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        // The multipart alternative (IN-4): the JSON endpoint above takes every other request, and
        // documents this one. Order 1 keeps a request without a content type on the JSON endpoint.
        app.MapPost("/api/v1/tickets", async Task<Created<SubmittedTicketView>> (
                HttpContext context, ClaimsPrincipal user, IOptions<AttachmentOptions> attachments, IOptions<JsonOptions> json,
                IMediator mediator, CancellationToken cancellationToken) =>
            {
                var form = await AttachmentForm.ReadAsync(context.Request, attachments.Value, cancellationToken, TicketPart);
                var command = ReadTicket(form, json.Value.SerializerOptions);
                var ticket = await mediator.Send(command with { Caller = user, Attachments = form.Files }, cancellationToken);
                context.Response.Headers.ETag = IfMatch.ETagFor(ticket.Version);
                return TypedResults.Created($"/api/v1/tickets/{ticket.Id}", ticket);
            })
            .Accepts<SubmitTicket>("multipart/form-data")
            .WithOrder(1)
            .AcceptsAttachments()
            .RequireAuthorization(Policies.AgentOrPartner)
            .ExcludeFromDescription();
    }

    private static SubmitTicket ReadTicket(AttachmentForm form, JsonSerializerOptions options)
    {
        if (form.Field(TicketPart) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            throw new ValidationException(
            [
                new ValidationFailure(TicketPart, "A multipart submission needs a part named 'ticket' holding the ticket as JSON, besides the files."),
            ]);
        }

        try
        {
            return JsonSerializer.Deserialize<SubmitTicket>(text, options)
                ?? throw new BadHttpRequestException("The 'ticket' part is not a JSON object.", StatusCodes.Status400BadRequest);
        }
        catch (JsonException malformed)
        {
            // The same answer as for a malformed JSON body: 400, naming where it went wrong.
            throw new BadHttpRequestException("The 'ticket' part is not valid JSON for a ticket.", StatusCodes.Status400BadRequest, malformed);
        }
    }
}
