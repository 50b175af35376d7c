using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Microsoft.Extensions.Options;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.Reopen;

/// <summary>Reopens a resolved ticket (TR-6).</summary>
/// <param name="Reason">Why: what is still wrong.</param>
internal sealed record Reopen(string? Reason) : IRequest<ReopenOutcome>
{
    [JsonIgnore]
    public Guid TicketId { get; init; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; init; } = new();

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }
}

/// <summary>Either the ticket reopened, or the follow-up ticket opened instead.</summary>
internal sealed record ReopenOutcome(TicketView Ticket, Guid? FollowUpTicketId);

/// <summary>A reopen that came too late: a follow-up ticket is opened instead, linked to this one.</summary>
/// <param name="FollowUpTicketId">The new ticket's id; it can be read at the URL in <c>Location</c> within moments.</param>
/// <param name="Ticket">The earlier ticket, now linked to its follow-up.</param>
internal sealed record FollowUpView(Guid FollowUpTicketId, TicketView Ticket);

internal sealed class ReopenValidator : AbstractValidator<Reopen>
{
    public ReopenValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("'reason' is required: say what is still wrong.").MaximumLength(100_000);
}

internal sealed class ReopenHandler(IDocumentSession session, IOptions<TicketOptions> options, TimeProvider clock) : IRequestHandler<Reopen, ReopenOutcome>
{
    public async Task<ReopenOutcome> Handle(Reopen command, CancellationToken cancellationToken)
    {
        var stream = await TicketStreams.OpenAsync(session, command.TicketId, command.Caller, command.ExpectedVersion, cancellationToken);
        var ticket = stream.Aggregate!;
        if (TicketLifecycle.IsOpen(ticket.Status))
        {
            throw TicketLifecycle.NotAllowed(ticket.Status, "reopen the ticket", "only a resolved or closed ticket can be reopened");
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var reason = command.Reason!.Trim();
        var withinWindow = ticket.Status == TicketStatus.Resolved && now - ticket.ResolvedAt <= options.Value.ReopenWindow;
        var author = command.Caller.IsPartner() ? MessageAuthor.Requester : MessageAuthor.Support;
        if (withinWindow)
        {
            TicketLifecycle.Ensure(ticket.Status, TicketStatus.InProgress, "reopen the ticket");
            stream.AppendOne(new Reopened(reason, by, now, author));
            session.Publish(new TicketReopened(ticket.Id, ticket.Number, ticket.OrganizationId, reason), now);
            session.StatusChanged(ticket, ticket.Status, TicketStatus.InProgress, null, by, now);
            var reopened = await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken);
            return new ReopenOutcome(await TicketViews.ViewAsync(session, reopened, command.Caller, clock, cancellationToken), null);
        }

        // Too late, or closed for good: the history stays as it was, and Intake opens a follow-up.
        var followUpId = Guid.CreateVersion7(now);
        stream.AppendOne(new FollowUpOpened(followUpId, reason, by, now, author));
        session.Publish(new TicketFollowUpRequested(
            ticket.Id, ticket.Number, ticket.OrganizationId, followUpId, reason, ticket.Subject, ticket.Requester, ticket.Category,
            ticket.Priority, ticket.Channel, ticket.Queue, ticket.ReproductionScenario, by), now);
        var linked = await TicketStreams.CommitAsync(session, stream, command.Caller, command.ExpectedVersion, cancellationToken);
        return new ReopenOutcome(await TicketViews.ViewAsync(session, linked, command.Caller, clock, cancellationToken), followUpId);
    }
}
