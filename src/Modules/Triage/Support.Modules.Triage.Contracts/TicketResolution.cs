namespace Support.Modules.Triage.Contracts;

/// <summary>How a ticket was resolved (TR-5): the customer always sees which one.</summary>
public enum TicketResolution
{
    /// <summary>The problem is solved.</summary>
    Solved,

    /// <summary>The team answered no: an evolution refused, a service too complex.</summary>
    Declined,

    /// <summary>The same request as another ticket (<c>duplicateOf</c>).</summary>
    Duplicate,

    /// <summary>Resolved automatically: the customer did not answer (TR-4).</summary>
    NoReply,

    /// <summary>Withdrawn by the requester.</summary>
    Withdrawn,
}

/// <summary>Who can read a message: everyone following the ticket, or staff only (TR-7).</summary>
public enum MessageVisibility
{
    /// <summary>Shown to the requester and partners, and emailed to the requester.</summary>
    Public,

    /// <summary>An internal note: staff only, never shown to requesters or partners.</summary>
    Internal,
}

/// <summary>On whose behalf a message was written.</summary>
public enum MessageAuthor
{
    /// <summary>The support team.</summary>
    Support,

    /// <summary>The requester (through a partner, an agent recording their answer, or email).</summary>
    Requester,
}
