using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Carter;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Triage.Tickets.Streaming;

internal sealed class StreamTicketEndpoint : ICarterModule
{
    private const string LastEventIdHeader = "Last-Event-ID";

    private const string EventFormat =
        "A `text/event-stream` (server-sent events) that stays open. Each event has `id:` the ticket's version after the change, " +
        "`event:` its type and `data:` one JSON object. The first event, unless resuming, is a `snapshot`: the ticket as " +
        "`GET /api/v1/tickets/{id}` shows it, with `id:` its version. Then one event per change, typed as in the history " +
        "(`submitted`, `taken_in_charge`, `category_corrected`, `message_added`, `awaiting_customer`, `customer_replied`, `resolved`, " +
        "`reopened`, `closed`, `duplicate_linked`, `follow_up_opened`), whose data is the history entry (`id`, `version`, `type`, `at`, " +
        "`by`, `data`) plus `status`, the ticket's status after the change, and `previousStatus`, its status before. " +
        "A comment line `: keep-alive` is sent whenever the stream has been silent for 15 seconds (by default), so proxies keep the connection.";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/tickets/{id:guid}/stream", async Task<Results<TicketEventStream, ProblemHttpResult>> (
                Guid id,
                [Description("Resume after this version: the id of the last event received (0 replays the whole history).")] long? after,
                [FromHeader(Name = LastEventIdHeader)]
                [Description("The id of the last event received, as EventSource sends it when it reconnects; wins over after.")]
                string? lastEventId,
                ClaimsPrincipal user,
                IDocumentStore store,
                CancellationToken cancellationToken) =>
            {
                // EventSource keeps the URL it was opened with and sends the last id it received: the header wins.
                long? resumeAfter = after;
                var resumeField = "after";
                if (lastEventId is not null)
                {
                    if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var lastSeen))
                    {
                        return InvalidPosition(LastEventIdHeader, "Must be the id of an event of this stream: a ticket version.");
                    }

                    (resumeAfter, resumeField) = (lastSeen, LastEventIdHeader);
                }

                // A session of its own, closed before the stream starts: the stream holds no connection while it waits.
                Ticket? ticket;
                await using (var session = store.QuerySession())
                {
                    ticket = await session.LoadAsync<Ticket>(id, cancellationToken);
                }

                if (ticket is null || !user.CanActFor(ticket.OrganizationId))
                {
                    return Problems.NotFound("ticket");
                }

                if (resumeAfter is < 0 || resumeAfter > ticket.Revision)
                {
                    return InvalidPosition(resumeField, $"Must be a version of this ticket, from 0 to {ticket.Revision}.");
                }

                return new TicketEventStream(ticket, resumeAfter, user);
            })
            .RequireAuthorization(Policies.StaffOrPartner)
            .WithName("StreamTicket")
            .WithTags("Tickets")
            .WithSummary("Follow a ticket live: its changes pushed as server-sent events (staff, or a partner of its organisation)")
            .WithDescription(
                "Pushes the ticket's changes as they are committed, on whichever instance of the service (CT-1, CT-2); the 200 " +
                "answer describes the events. Without `Last-Event-ID` or `after` the stream starts with the `snapshot`, then sends " +
                "only new changes. To resume after a disconnect, send the last event id received in the `Last-Event-ID` header " +
                "(browsers' `EventSource` does so when it reconnects) or as `after`: every change after that version is sent, then " +
                "the new ones, with no loss and no duplicate; `after=0` replays the whole history. Partners see the public part only, " +
                "as in the history: no internal notes, and `by` says `support` or `requester`; the ids they receive may skip the " +
                "versions of what they may not see. A ticket the caller may not see is a 404 problem document, before any stream starts.")
            .WithMetadata(new ProducesResponseTypeAttribute(typeof(string), StatusCodes.Status200OK, ServerSentEventWriter.ContentType)
            {
                Description = EventFormat,
            })
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

    private static ProblemHttpResult InvalidPosition(string field, string message) => TypedResults.Problem(
        new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Type = ProblemTypes.Validation,
            Title = "Invalid stream position",
            Status = StatusCodes.Status400BadRequest,
            Detail = "The position to resume the stream after is not a version of this ticket.",
        });
}
