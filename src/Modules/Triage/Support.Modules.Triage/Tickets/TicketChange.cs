using System.Security.Claims;
using System.Text.Json.Serialization;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Support.Modules.Shared.Http;

namespace Support.Modules.Triage.Tickets;

/// <summary>
/// A state change of one ticket, posted to <c>/api/v1/tickets/{id}/{action}</c>: the body carries
/// the change, the route its ticket, the caller and <c>If-Match</c> the rest.
/// </summary>
internal abstract record TicketChange : IRequest<TicketView>
{
    [JsonIgnore]
    public Guid TicketId { get; set; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; set; } = new();

    /// <summary>The version from <c>If-Match</c>, when the caller sent one.</summary>
    [JsonIgnore]
    public int? ExpectedVersion { get; set; }
}

internal static class TicketChangeRoutes
{
    /// <summary>
    /// Maps <c>POST /api/v1/tickets/{id}/{action}</c> for one kind of change: answers 200 with the
    /// ticket as it now is and its new version in <c>ETag</c>. The body may be omitted when the
    /// change needs nothing more.
    /// </summary>
    public static RouteHandlerBuilder MapTicketChange<TChange>(this IEndpointRouteBuilder app, string action)
        where TChange : TicketChange, new() =>
        app.MapPost($"/api/v1/tickets/{{id:guid}}/{action}", async Task<Ok<TicketView>> (
                Guid id, TChange? change, HttpContext context, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            {
                change ??= new TChange();
                change.TicketId = id;
                change.Caller = user;
                change.ExpectedVersion = IfMatch.ExpectedVersion(context.Request);
                var ticket = await mediator.Send(change, cancellationToken);
                context.Response.Headers.ETag = ticket.ETag;
                return TypedResults.Ok(ticket);
            })
            .WithTags("Tickets")
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity);
}
