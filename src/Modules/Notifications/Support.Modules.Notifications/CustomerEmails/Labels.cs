using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Notifications.CustomerEmails;

/// <summary>The words customers read for resolutions (TR-5) and product decisions (ES-7), in their language.</summary>
internal static class Labels
{
    public static string Resolution(TicketResolution resolution, Language language) => (resolution, language) switch
    {
        (TicketResolution.Solved, Language.Fr) => "Résolue",
        (TicketResolution.Declined, Language.Fr) => "Refusée",
        (TicketResolution.Duplicate, Language.Fr) => "Doublon",
        (TicketResolution.NoReply, Language.Fr) => "Clôturée sans réponse",
        (TicketResolution.Withdrawn, Language.Fr) => "Retirée",
        (TicketResolution.Solved, _) => "Solved",
        (TicketResolution.Declined, _) => "Declined",
        (TicketResolution.Duplicate, _) => "Duplicate",
        (TicketResolution.NoReply, _) => "Closed without an answer",
        (TicketResolution.Withdrawn, _) => "Withdrawn",
        _ => resolution.ToString(),
    };

    public static string Decision(ProductDecision decision, Language language) => (decision, language) switch
    {
        (ProductDecision.Planned, Language.Fr) => "Suggestion retenue",
        (ProductDecision.Declined, Language.Fr) => "Suggestion non retenue",
        (ProductDecision.Shipped, Language.Fr) => "Fonctionnalité disponible",
        (ProductDecision.Planned, _) => "Suggestion planned",
        (ProductDecision.Declined, _) => "Suggestion declined",
        (ProductDecision.Shipped, _) => "Feature shipped",
        _ => decision.ToString(),
    };
}
