namespace Support.Modules.Intake.Contracts;

/// <summary>What kind of request a ticket is (IN-2).</summary>
public enum TicketCategory
{
    /// <summary>A bug report; needs a reproduction scenario (IN-3).</summary>
    Bug,

    /// <summary>Troubleshooting or a usage problem.</summary>
    Usage,

    /// <summary>A quick question from the chat bot.</summary>
    Chat,

    /// <summary>Any other request.</summary>
    Other,

    /// <summary>A suggestion for a new feature.</summary>
    Feature,
}

/// <summary>The priority the requester declared (IN-1).</summary>
public enum TicketPriority
{
    Low,
    Normal,
    High,
    Critical,
}

/// <summary>How the request came in (IN-5).</summary>
public enum TicketChannel
{
    Api,
    Email,
    Chat,
    Phone,
}

/// <summary>Where a ticket is in its life (TR-3).</summary>
public enum TicketStatus
{
    New,
    InProgress,
    WaitingOnCustomer,
    WaitingOnDevelopment,
    WaitingOnProduct,
    Resolved,
    Closed,
}

/// <summary>A language customers are written to in.</summary>
public enum Language
{
    /// <summary>French.</summary>
    Fr,

    /// <summary>English.</summary>
    En,
}

/// <summary>A customer organisation's support contract (IN-8).</summary>
public enum SupportContract
{
    /// <summary>Updates and email assistance.</summary>
    Standard,

    /// <summary>Adds phone assistance.</summary>
    Phone,

    /// <summary>Adds labour and travel.</summary>
    Onsite,

    /// <summary>Custom coverage.</summary>
    Extended,
}
