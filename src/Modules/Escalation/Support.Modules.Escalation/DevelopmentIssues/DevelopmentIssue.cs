using Marten;

namespace Support.Modules.Escalation.DevelopmentIssues;

/// <summary>Where a development issue stands (ES-2, ES-3).</summary>
internal enum DevelopmentIssueStatus
{
    /// <summary>Development works on it (again, after a customer said the fix did not work).</summary>
    Open,

    /// <summary>The fix is deployed; the linked tickets' customers are asked to confirm it.</summary>
    FixDeployed,
}

/// <summary>Where one linked ticket stands with respect to the issue's fix.</summary>
internal enum LinkedTicketState
{
    /// <summary>The ticket waits for the fix.</summary>
    WaitingOnDevelopment,

    /// <summary>The fix is deployed; its agent confirms it with the customer.</summary>
    FixToConfirm,

    /// <summary>The customer confirmed the fix.</summary>
    Fixed,

    /// <summary>Support resolved the ticket without waiting for the fix (a workaround, a withdrawal): it no longer waits on the issue.</summary>
    Resolved,
}

/// <summary>A ticket linked to a development issue: many tickets, from many organisations, can report one bug (ES-2).</summary>
internal sealed class LinkedTicket
{
    public Guid TicketId { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    public string Subject { get; set; } = "";

    public string? ReproductionScenario { get; set; }

    public string? ReproductionNotes { get; set; }

    public LinkedTicketState State { get; set; }

    public string LinkedBy { get; set; } = "";

    public DateTimeOffset LinkedAt { get; set; }
}

/// <summary>What happened to the issue, for developers reading it.</summary>
internal sealed class IssueEntry
{
    /// <summary>opened, ticket_linked, fix_deployed, not_fixed, fix_confirmed, ticket_resolved.</summary>
    public string Type { get; set; } = "";

    public string? Text { get; set; }

    public string? TicketNumber { get; set; }

    public string? Version { get; set; }

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A bug as development sees it (ES-2): the reproduction scenario support checked, every ticket that
/// reports it, and its fix (ES-3). Reopened when a customer says the deployed fix does not work.
/// </summary>
internal sealed class DevelopmentIssue
{
    public const string NumberSequence = "development_issue_number";

    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public string Title { get; set; } = "";

    public string ReproductionScenario { get; set; } = "";

    public DevelopmentIssueStatus Status { get; set; }

    /// <summary>The release of the last deployed fix.</summary>
    public string? FixedIn { get; set; }

    public List<LinkedTicket> Tickets { get; set; } = [];

    public List<IssueEntry> Entries { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Newest first, one comparable string, for keyset paging.</summary>
    public string ListKey { get; set; } = "";

    public static async Task<string> NextNumberAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        var next = await session.QueryAsync<long>($"select nextval('{EscalationSchema.Name}.{NumberSequence}')", cancellationToken);
        return $"DEV-{next[0]}";
    }

    public static string ListKeyFor(DateTimeOffset createdAt, Guid id) => Support.Modules.Shared.Http.Paging.NewestFirstKey(createdAt, id);
}
