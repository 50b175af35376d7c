using System.Security.Claims;
using System.Text.Json.Serialization;
using MediatR;

namespace Support.Modules.Escalation.Tickets;

/// <summary>
/// An escalation step on one ticket, posted to <c>/api/v1/tickets/{id}/{step}</c>: the body carries
/// the step, the route its ticket, the caller and <c>If-Match</c> the rest.
/// </summary>
internal abstract record TicketStep<TResult> : IRequest<TResult>
{
    [JsonIgnore]
    public Guid TicketId { get; set; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; set; } = new();

    /// <summary>The ticket's version from <c>If-Match</c>, when the caller sent one: the step applies only to the ticket as read.</summary>
    [JsonIgnore]
    public int? ExpectedVersion { get; set; }
}
