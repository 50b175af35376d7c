using System.Security.Claims;
using System.Text.Json.Serialization;
using FluentValidation;
using Marten;
using MediatR;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Escalation.Tickets;
using Support.Modules.Shared.Http;
using Support.Modules.Shared.Security;

namespace Support.Modules.Escalation.DevelopmentIssues.DeployFix;

/// <summary>Development deployed the fix of an issue (ES-3).</summary>
/// <param name="Version">The release that carries it, e.g. <c>4.3.1</c>.</param>
internal sealed record DeployFix(string? Version) : IRequest<DevelopmentIssueView>
{
    [JsonIgnore]
    public Guid IssueId { get; set; }

    [JsonIgnore]
    public ClaimsPrincipal Caller { get; set; } = new();
}

internal sealed class DeployFixValidator : AbstractValidator<DeployFix>
{
    public DeployFixValidator() =>
        RuleFor(x => x.Version).NotEmpty().WithMessage("'version' is required: the release that carries the fix.").MaximumLength(100);
}

/// <summary>
/// ES-3: every ticket still waiting on the issue goes back to its agent, who confirms the fix with the
/// customer (one still confirming an earlier release confirms this one); one event per ticket tells
/// Triage to move it and its requester that the fix is out.
/// </summary>
internal sealed class DeployFixHandler(IDocumentSession session, TimeProvider clock) : IRequestHandler<DeployFix, DevelopmentIssueView>
{
    public async Task<DevelopmentIssueView> Handle(DeployFix command, CancellationToken cancellationToken)
    {
        var issue = await session.LoadAsync<DevelopmentIssue>(command.IssueId, cancellationToken) ?? throw new NotFoundException("development issue");
        if (issue.Status != DevelopmentIssueStatus.Open)
        {
            throw new ConflictException(
                "The fix is already deployed",
                $"{issue.Number} was marked fixed in {issue.FixedIn}. It opens again when a customer says the fix does not work; mark the next fix then.",
                new Dictionary<string, object?> { ["developmentIssueStatus"] = QueryEnum.NameOf(issue.Status), ["fixedIn"] = issue.FixedIn });
        }

        var now = clock.GetUtcNow();
        var by = command.Caller.KeyId();
        var version = command.Version!.Trim();
        issue.Status = DevelopmentIssueStatus.FixDeployed;
        issue.FixedIn = version;
        issue.Entries.Add(new IssueEntry { Type = "fix_deployed", Version = version, By = by, At = now });
        issue.UpdatedAt = now;

        // Tickets waiting on the fix, and those still confirming an earlier release of it: they confirm this one.
        var waiting = issue.Tickets.Where(t => t.State is LinkedTicketState.WaitingOnDevelopment or LinkedTicketState.FixToConfirm).ToList();
        var escalations = (await session.LoadManyAsync<TicketEscalation>(cancellationToken, waiting.Select(t => t.TicketId)))
            .ToDictionary(e => e.Id);
        foreach (var ticket in waiting)
        {
            ticket.State = LinkedTicketState.FixToConfirm;
            var escalation = escalations[ticket.TicketId];
            escalation.FixToConfirm = version;
            escalation.Publish(session, step => new TicketFixDeployed(
                ticket.TicketId, ticket.Number, ticket.OrganizationId, issue.Id, issue.Number, version, by, step), now);
        }

        session.Store(issue);
        await session.SaveChangesAsync(cancellationToken);
        return DevelopmentIssueView.For(issue);
    }
}
