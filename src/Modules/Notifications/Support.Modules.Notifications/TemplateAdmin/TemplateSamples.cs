using Support.Modules.Intake.Contracts;
using Support.Modules.Notifications.CustomerEmails;

namespace Support.Modules.Notifications.TemplateAdmin;

/// <summary>The sample ticket and event values a preview renders with: every value any template uses.</summary>
internal static class TemplateSamples
{
    public static TicketRecipient Recipient(Language language) => new()
    {
        Id = new Guid("0190f1c2-0000-7000-8000-000000000042"),
        Number = "SUP-42",
        OrganizationName = language == Language.Fr ? "Société Exemple" : "Example Ltd",
        Requester = new RequesterContact("jane.doe@example.com", "Jane Doe"),
        Language = language,
        Subject = language == Language.Fr ? "L'export mensuel échoue" : "The monthly export fails",
        Category = TicketCategory.Bug,
        PendingQuestion = language == Language.Fr ? "Quelle version utilisez-vous ?" : "Which version do you use?",
    };

    public static Dictionary<string, object?> Data(string template, Language language)
    {
        var french = language == Language.Fr;
        var at = new DateTimeOffset(2026, 12, 15, 9, 30, 0, TimeSpan.Zero);
        return template switch
        {
            "ticket-opened" => new()
            {
                ["opening"] = new Dictionary<string, object?> { ["closed"] = true, ["next"] = CustomerEmails.CustomerMail.LocalDate(at, "Europe/Paris", language) },
            },
            "waiting-on-you" or "support-reply" => new() { ["message"] = french ? "Pouvez-vous nous envoyer le journal du serveur ?" : "Could you send us the server log?" },
            "resolved" => new()
            {
                ["resolution"] = new Dictionary<string, object?>
                {
                    ["code"] = "solved", ["label"] = french ? "Résolue" : "Solved",
                    ["note"] = french ? "La version 4.3 corrige l'export." : "Version 4.3 fixes the export.",
                    ["duplicate_of"] = null, ["reopen_until"] = CustomerMail.Date(at, language),
                },
            },
            "closed" => new() { ["resolution"] = new Dictionary<string, object?> { ["code"] = "solved", ["label"] = french ? "Résolue" : "Solved" } },
            "fix-deployed" => new() { ["fix"] = new Dictionary<string, object?> { ["version"] = "4.3.0" } },
            "product-decision" => new()
            {
                ["decision"] = new Dictionary<string, object?>
                {
                    ["code"] = "planned", ["label"] = french ? "Suggestion retenue" : "Suggestion planned",
                    ["message"] = french ? "Prévu pour la version de printemps." : "Planned for the spring release.",
                    ["workaround"] = french ? "Exportez vers Excel puis enregistrez en CSV." : "Export to Excel, then save as CSV.",
                },
            },
            "pending-reminder" => new()
            {
                ["message"] = french ? "Quelle version utilisez-vous ?" : "Which version do you use?",
                ["reminder"] = new Dictionary<string, object?> { ["number"] = 2, ["final"] = true, ["auto_resolve_at"] = CustomerMail.Date(at, language) },
            },
            "survey" => new()
            {
                ["survey"] = new Dictionary<string, object?> { ["url"] = "https://support.example.com/surveys/sample-token", ["expires_at"] = CustomerMail.Date(at, language) },
            },
            _ => [],
        };
    }
}
