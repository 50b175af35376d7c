namespace Support.Modules.Intake.Tickets;

/// <summary>Where a ticket goes when its request names no queue.</summary>
internal static class DefaultQueues
{
    public const string TechnicalSupport = "technical-support";
}
