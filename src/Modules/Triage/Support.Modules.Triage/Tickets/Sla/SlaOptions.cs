using Support.Modules.Intake.Contracts;

namespace Support.Modules.Triage.Tickets.Sla;

/// <summary>
/// Settings under <c>Support:Sla</c>: the targets, in business time of the ticket's queue calendar
/// (TR-8), per category (<c>Bug</c> tighter by default; <c>Default</c> for the others) and scaled by
/// the organisation's contract.
/// </summary>
internal sealed class SlaOptions
{
    public const string Section = "Support:Sla";

    public Dictionary<string, TimeSpan> FirstResponse { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bug"] = TimeSpan.FromHours(2),
        ["Default"] = TimeSpan.FromHours(9),
    };

    public Dictionary<string, TimeSpan> Resolution { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bug"] = TimeSpan.FromHours(18),
        ["Default"] = TimeSpan.FromHours(45),
    };

    /// <summary>Each contract's targets are the category's times this factor (extended contracts get faster answers).</summary>
    public Dictionary<string, double> ContractFactor { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Standard"] = 1,
        ["Phone"] = 1,
        ["Onsite"] = 0.75,
        ["Extended"] = 0.5,
    };

    public (TimeSpan FirstResponse, TimeSpan Resolution) TargetsFor(TicketCategory category, SupportContract contract)
    {
        var factor = ContractFactor.TryGetValue(contract.ToString(), out var f) ? f : 1;
        return (Pick(FirstResponse, category) * factor, Pick(Resolution, category) * factor);
    }

    private static TimeSpan Pick(Dictionary<string, TimeSpan> targets, TicketCategory category) =>
        targets.TryGetValue(category.ToString(), out var target) ? target : targets.GetValueOrDefault("Default", TimeSpan.FromHours(9));
}
