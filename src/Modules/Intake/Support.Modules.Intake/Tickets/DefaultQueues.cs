namespace Support.Modules.Intake.Tickets;

/// <summary>
/// The queues tickets can be filed in until queues become configurable: the four teams one of the
/// vendors runs support from.
/// </summary>
internal static class DefaultQueues
{
    public const string TechnicalSupport = "technical-support";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TechnicalSupport, "distributors-and-integrators", "training", "agencies",
    };
}
