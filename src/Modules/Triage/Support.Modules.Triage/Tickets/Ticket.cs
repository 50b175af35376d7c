using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Contracts;
using Support.Modules.Triage.Queue;

namespace Support.Modules.Triage.Tickets;

/// <summary>A message of the conversation, as kept on the ticket.</summary>
internal sealed class TicketMessage
{
    public Guid Id { get; set; }

    public string Body { get; set; } = "";

    public MessageVisibility Visibility { get; set; }

    public MessageAuthor Author { get; set; }

    public string By { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// The ticket as it stands: a snapshot of its stream (Intake's <see cref="TicketSubmitted"/>, then
/// Triage's events), projected inline so a read after a write sees the write. Every event applies
/// here, the handlers decide with it, and the queue, the list and the detail read it.
/// </summary>
internal sealed class Ticket
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public Guid OrganizationId { get; set; }

    public string OrganizationName { get; set; } = "";

    public RequesterContact Requester { get; set; } = new("", "");

    public Language Language { get; set; }

    public string Subject { get; set; } = "";

    public string Description { get; set; } = "";

    public TicketCategory Category { get; set; }

    public TicketPriority Priority { get; set; }

    public TicketChannel Channel { get; set; }

    public string Queue { get; set; } = "";

    public string? ReproductionScenario { get; set; }

    public string? CallNotes { get; set; }

    public bool OutsideContract { get; set; }

    /// <summary>Opened by an email no organisation's domain or contact matched; cleared when an agent attaches it.</summary>
    public bool UnknownSender { get; set; }

    public TicketStatus Status { get; set; }

    public TicketResolution? Resolution { get; set; }

    public string? ResolutionNote { get; set; }

    public Guid? DuplicateOf { get; set; }

    public List<Guid> Duplicates { get; set; } = [];

    public Guid? FollowUpOf { get; set; }

    public List<Guid> FollowUps { get; set; } = [];

    /// <summary>Whether support reproduced the bug, the last time it tried (ES-1); null until it tries.</summary>
    public bool? Reproduced { get; set; }

    /// <summary>The development issue the bug is linked to (ES-2), once escalated.</summary>
    public Guid? DevelopmentIssueId { get; set; }

    /// <summary>Set while the agent has to confirm a deployed fix with the customer (ES-3): the release to check.</summary>
    public string? FixToConfirm { get; set; }

    /// <summary>The product suggestion the feature request is part of (ES-5), once forwarded.</summary>
    public Guid? SuggestionId { get; set; }

    /// <summary>How many escalation steps the stream records: the next one Triage accepts is this plus one.</summary>
    public int EscalationSteps { get; set; }

    /// <summary>When support last started waiting on the customer (TR-4): its reminders count from here.</summary>
    public DateTimeOffset? AwaitingSince { get; set; }

    /// <summary>The agent in charge (an API key id); null until someone takes it (TR-2).</summary>
    public string? AssigneeId { get; set; }

    public List<TicketMessage> Messages { get; set; } = [];

    /// <summary>Files attached at intake (public) and later (IN-4).</summary>
    public List<TicketAttachment> Attachments { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it last changed in a way partners can see: an internal note does not move it (TR-7).</summary>
    public DateTimeOffset PublicUpdatedAt { get; set; }

    public DateTimeOffset? FirstResponseAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>When it was first resolved: resolution time counts to here, whatever happened after a reopen.</summary>
    public DateTimeOffset? FirstResolvedAt { get; set; }

    /// <summary>How many times it was reopened (the reopen rate of SU-4).</summary>
    public int ReopenCount { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>
    /// The number of events in the stream, i.e. the stream's version: exposed as <c>version</c> and
    /// <c>ETag</c>. Kept by the projection itself (one per event) rather than read from stream metadata.
    /// </summary>
    public int Revision { get; set; }

    /// <summary>The TR-1 position, one comparable string; the queue is read in this order with keyset paging.</summary>
    public string OrderKey { get; set; } = "";

    /// <summary>Arrival order, one comparable string, for the ticket list's keyset paging (newest first).</summary>
    public string ArrivalKey { get; set; } = "";

    public static Ticket Create(TicketSubmitted submitted) => new()
    {
        Id = submitted.TicketId,
        Number = submitted.Number,
        OrganizationId = submitted.OrganizationId,
        OrganizationName = submitted.OrganizationName,
        Requester = submitted.Requester,
        Language = submitted.Language,
        Subject = submitted.Subject,
        Description = submitted.Description,
        Category = submitted.Category,
        Priority = submitted.Priority,
        Channel = submitted.Channel,
        Queue = submitted.Queue,
        ReproductionScenario = submitted.ReproductionScenario,
        CallNotes = submitted.CallNotes,
        OutsideContract = submitted.OutsideContract,
        UnknownSender = submitted.UnknownSender,
        FollowUpOf = submitted.FollowUpOf,
        Status = TicketStatus.New,
        CreatedAt = submitted.OccurredAt,
        UpdatedAt = submitted.OccurredAt,
        PublicUpdatedAt = submitted.OccurredAt,
        Revision = 1,
        OrderKey = QueueOrder.KeyFor(submitted.Category, submitted.Priority, submitted.OccurredAt, submitted.TicketId),
        ArrivalKey = $"{submitted.OccurredAt.UtcTicks:D19}{submitted.TicketId:N}",
        Attachments = (submitted.Attachments ?? []).Select(a => new TicketAttachment
        {
            Id = a.Id, FileName = a.FileName, ContentType = a.ContentType, Size = a.Size, Sha256 = a.Sha256,
            Visibility = MessageVisibility.Public, Author = MessageAuthor.Requester, By = submitted.SubmittedBy, At = submitted.OccurredAt,
        }).ToList(),
        Messages = EmailNotes(submitted.TicketId, submitted.Email, submitted.SubmittedBy, submitted.OccurredAt),
    };

    /// <summary>What email intake left out of a message (a file over IN-4's limits), as internal notes; their ids derive from the event, so a rebuild gives the same ones.</summary>
    public static List<TicketMessage> EmailNotes(Guid eventKey, EmailOrigin? email, string by, DateTimeOffset at) =>
        (email?.Notes ?? []).Select((note, i) => new TicketMessage
        {
            Id = DerivedId(eventKey, i), Body = note, Visibility = MessageVisibility.Internal, Author = MessageAuthor.Support, By = by, At = at,
        }).ToList();

    private static Guid DerivedId(Guid key, int index) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{key:N}/{index}")).AsSpan(0, 16));

    public void Apply(TakenInCharge taken)
    {
        AssigneeId = taken.AgentId;
        if (Status == TicketStatus.New)
        {
            Status = TicketStatus.InProgress;
        }

        Touch(taken.At);
    }

    public void Apply(CategoryCorrected corrected)
    {
        Category = corrected.To;
        OrderKey = QueueOrder.KeyFor(Category, Priority, CreatedAt, Id);
        Touch(corrected.At);
    }

    public void Apply(MessageAdded added)
    {
        AddMessage(added.MessageId, added.Body, added.Visibility, added.Author, added.By, added.At);
        EmailNotes(added.MessageId, added.Email, added.By, added.At).ForEach(Place);
        Touch(added.At, isPublic: added.Visibility == MessageVisibility.Public);
    }

    public void Apply(AwaitingCustomer awaiting)
    {
        AddMessage(awaiting.MessageId, awaiting.Message, MessageVisibility.Public, MessageAuthor.Support, awaiting.By, awaiting.At);
        Status = TicketStatus.WaitingOnCustomer;
        AwaitingSince = awaiting.At;
        Touch(awaiting.At);
    }

    public void Apply(CustomerReplied replied)
    {
        AddMessage(replied.MessageId, replied.Body, MessageVisibility.Public, MessageAuthor.Requester, replied.By, replied.At);
        EmailNotes(replied.MessageId, replied.Email, replied.By, replied.At).ForEach(Place);
        Status = TicketStatus.InProgress;
        Touch(replied.At);
    }

    public void Apply(Resolved resolved)
    {
        Status = TicketStatus.Resolved;
        Resolve(resolved.Resolution, resolved.Note, resolved.At);
        DuplicateOf = resolved.DuplicateOf;
        FixToConfirm = null;
        Touch(resolved.At);
    }

    public void Apply(Reopened reopened)
    {
        ReopenCount++;
        Status = TicketStatus.InProgress;
        Resolution = null;
        ResolutionNote = null;
        ResolvedAt = null;

        // DuplicateOf stays: the original keeps listing this ticket among its duplicates, and the
        // link stays readable on both sides.
        Touch(reopened.At);
    }

    public void Apply(ReminderSent sent) => Touch(sent.At);

    public void Apply(Closed closed)
    {
        Status = TicketStatus.Closed;
        ClosedAt = closed.At;
        Touch(closed.At);
    }

    public void Apply(DuplicateLinked linked)
    {
        Duplicates.Add(linked.DuplicateTicketId);
        Touch(linked.At);
    }

    public void Apply(FollowUpOpened opened)
    {
        FollowUps.Add(opened.FollowUpTicketId);
        Touch(opened.At);
    }

    public void Apply(OrganizationAssigned assigned)
    {
        OrganizationId = assigned.OrganizationId;
        OrganizationName = assigned.OrganizationName;
        Language = assigned.Language;
        OutsideContract = assigned.OutsideContract;
        UnknownSender = false;
        Touch(assigned.At);
    }

    public void Apply(AttachmentAdded added)
    {
        Attachments.Add(new TicketAttachment
        {
            Id = added.AttachmentId, FileName = added.FileName, ContentType = added.ContentType, Size = added.Size, Sha256 = added.Sha256,
            Visibility = added.Visibility, Author = added.Author, By = added.By, At = added.At,
        });
        Touch(added.At, isPublic: added.Visibility == MessageVisibility.Public);
    }

    public void Apply(ReproductionRecorded recorded)
    {
        EscalationSteps++;
        Reproduced = recorded.Reproduced;
        Touch(recorded.At, isPublic: false);
    }

    public void Apply(EscalatedToDevelopment escalated)
    {
        EscalationSteps++;
        DevelopmentIssueId = escalated.DevelopmentIssueId;
        FixToConfirm = null;
        Move(escalated.To);
        Touch(escalated.At);
    }

    public void Apply(FixDeployed deployed)
    {
        EscalationSteps++;
        // Back with the fix, or already confirming an earlier release of it: the newest one is to confirm.
        if (deployed.To is not null || FixToConfirm is not null)
        {
            FixToConfirm = deployed.Version;
        }

        Move(deployed.To);
        Touch(deployed.At);
    }

    public void Apply(FixConfirmationRecorded recorded)
    {
        EscalationSteps++;
        FixToConfirm = null;
        if (recorded.To == TicketStatus.Resolved)
        {
            Resolve(TicketResolution.Solved, recorded.Comment ?? $"Fixed in {recorded.Version}.", recorded.At);
        }

        Move(recorded.To);
        Touch(recorded.At);
    }

    public void Apply(ForwardedToProduct forwarded)
    {
        EscalationSteps++;
        SuggestionId = forwarded.SuggestionId;
        Move(forwarded.To);
        Touch(forwarded.At);
    }

    public void Apply(ProductDecided decided)
    {
        EscalationSteps++;
        var message = decided.Workaround is null ? decided.Message : $"{decided.Message}\n\nWorkaround: {decided.Workaround}";
        AddMessage(decided.MessageId, message, MessageVisibility.Public, MessageAuthor.Support, decided.By, decided.At);
        if (decided.Resolution is { } resolution)
        {
            Resolve(resolution, decided.Message, decided.At);
        }

        Move(decided.To);
        Touch(decided.At);
    }

    private void Move(TicketStatus? to)
    {
        if (to is { } status)
        {
            Status = status;
        }
    }

    private void Resolve(TicketResolution resolution, string? note, DateTimeOffset at)
    {
        FirstResolvedAt ??= at;
        Resolution = resolution;
        ResolutionNote = note;
        ResolvedAt = at;
    }

    /// <summary>
    /// The conversation stays in the order messages were written (oldest first), not the order they
    /// were recorded: emails received a moment apart can be recorded the other way round.
    /// </summary>
    private void Place(TicketMessage message) => Messages.Insert(Messages.FindLastIndex(m => m.At <= message.At) + 1, message);

    private void AddMessage(Guid id, string body, MessageVisibility visibility, MessageAuthor author, string by, DateTimeOffset at)
    {
        Place(new TicketMessage { Id = id, Body = body, Visibility = visibility, Author = author, By = by, At = at });
        if (visibility == MessageVisibility.Public && author == MessageAuthor.Support)
        {
            FirstResponseAt ??= at;
        }
    }

    private void Touch(DateTimeOffset at, bool isPublic = true)
    {
        UpdatedAt = at;
        if (isPublic)
        {
            PublicUpdatedAt = at;
        }

        Revision++;
    }
}
