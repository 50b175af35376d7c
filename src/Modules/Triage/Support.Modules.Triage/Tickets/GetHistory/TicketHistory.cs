using JasperFx.Events;
using Support.Modules.Intake.Contracts;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Triage.Tickets.GetHistory;

/// <summary>One change in a ticket's life (TR-6, NF-4).</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Version">The ticket's version after this change.</param>
/// <param name="Type">What happened: submitted, organization_assigned, taken_in_charge, category_corrected, message_added, awaiting_customer, customer_replied, resolved, reopened, closed, duplicate_linked, follow_up_opened, attachment_added, reminder_sent, reproduction_recorded, escalated_to_development, fix_deployed, fix_confirmation, forwarded_to_product or product_decision.</param>
/// <param name="At">When.</param>
/// <param name="By">Who: an API key id for staff; for partners, <c>support</c> or <c>requester</c>.</param>
/// <param name="Data">What changed; partners get its public part only.</param>
internal sealed record HistoryEntry(Guid Id, long Version, string Type, DateTimeOffset At, string By, IReadOnlyDictionary<string, object?> Data);

/// <summary>
/// Turns the events of a ticket's stream into its history, whole for staff and public for partners
/// (TR-3, TR-7): internal notes vanish, and who on the support side did what stays inside.
/// </summary>
internal static class TicketHistory
{
    private const string Support = "support";
    private const string Requester = "requester";

    public static HistoryEntry? Describe(IEvent recorded, bool staff)
    {
        Described? described = recorded.Data switch
        {
            TicketSubmitted e => Entry("submitted", e.SubmittedBy, Requester, e.OccurredAt, new()
            {
                ["subject"] = e.Subject, ["description"] = e.Description, ["category"] = e.Category, ["priority"] = e.Priority,
                ["channel"] = e.Channel, ["requester"] = e.Requester, ["reproductionScenario"] = e.ReproductionScenario, ["followUpOf"] = e.FollowUpOf,
                ["attachments"] = e.Attachments ?? [],
            }, staff ? new()
            {
                ["queue"] = e.Queue, ["outsideContract"] = e.OutsideContract, ["callNotes"] = e.CallNotes, ["email"] = e.Email,
                ["unknownSender"] = e.UnknownSender,
            } : null),
            TakenInCharge e => Entry("taken_in_charge", e.By, Support, e.At, [], staff ? new() { ["agentId"] = e.AgentId } : null),
            CategoryCorrected e => Entry("category_corrected", e.By, Support, e.At, new() { ["from"] = e.From, ["to"] = e.To },
                staff ? new() { ["reason"] = e.Reason } : null),
            MessageAdded { Visibility: MessageVisibility.Internal } when !staff => null,
            MessageAdded e => Entry("message_added", e.By, e.Author == MessageAuthor.Requester ? Requester : Support, e.At, new()
            {
                ["messageId"] = e.MessageId, ["body"] = e.Body, ["visibility"] = e.Visibility, ["author"] = e.Author,
            }, Email(e.Email)),
            AwaitingCustomer e => Entry("awaiting_customer", e.By, Support, e.At, new() { ["messageId"] = e.MessageId, ["message"] = e.Message }),
            CustomerReplied e => Entry("customer_replied", e.By, Requester, e.At, new() { ["messageId"] = e.MessageId, ["body"] = e.Body }, Email(e.Email)),
            Resolved e => Entry("resolved", e.By, Support, e.At, new() { ["resolution"] = e.Resolution, ["note"] = e.Note, ["duplicateOf"] = e.DuplicateOf }),
            Reopened e => Entry("reopened", e.By, PublicName(e.Author), e.At, new() { ["reason"] = e.Reason }, Email(e.Email)),
            Closed e => Entry("closed", e.By, Support, e.At, []),
            ReminderSent e => Entry("reminder_sent", e.By, Support, e.At, new() { ["reminder"] = e.Reminder }),
            DuplicateLinked e => Entry("duplicate_linked", e.By, Support, e.At, new() { ["duplicateTicketId"] = e.DuplicateTicketId, ["duplicateNumber"] = e.DuplicateNumber }),
            FollowUpOpened e => Entry("follow_up_opened", e.By, PublicName(e.Author), e.At,
                new() { ["followUpTicketId"] = e.FollowUpTicketId, ["reason"] = e.Reason }, Email(e.Email)),
            OrganizationAssigned e => Entry("organization_assigned", e.By, Support, e.At, new() { ["organizationId"] = e.OrganizationId },
                staff ? new() { ["from"] = e.From, ["organizationName"] = e.OrganizationName, ["outsideContract"] = e.OutsideContract } : null),
            AttachmentAdded { Visibility: MessageVisibility.Internal } when !staff => null,
            AttachmentAdded e => Entry("attachment_added", e.By, e.Author == MessageAuthor.Requester ? Requester : Support, e.At, new()
            {
                ["attachmentId"] = e.AttachmentId, ["fileName"] = e.FileName, ["contentType"] = e.ContentType, ["size"] = e.Size,
                ["sha256"] = e.Sha256, ["visibility"] = e.Visibility, ["author"] = e.Author,
            }),
            ReproductionRecorded e => Entry("reproduction_recorded", e.By, Support, e.At, new() { ["reproduced"] = e.Reproduced },
                staff ? new() { ["notes"] = e.Notes } : null),
            EscalatedToDevelopment e => Entry("escalated_to_development", e.By, Support, e.At, new() { ["status"] = e.To },
                staff ? new() { ["developmentIssueId"] = e.DevelopmentIssueId, ["developmentIssueNumber"] = e.DevelopmentIssueNumber } : null),
            FixDeployed e => Entry("fix_deployed", e.By, Support, e.At, new() { ["version"] = e.Version, ["status"] = e.To },
                staff ? new() { ["developmentIssueId"] = e.DevelopmentIssueId, ["developmentIssueNumber"] = e.DevelopmentIssueNumber } : null),
            FixConfirmationRecorded e => Entry("fix_confirmation", e.By, Support, e.At, new()
            {
                ["version"] = e.Version, ["fixed"] = e.Fixed, ["comment"] = e.Comment, ["status"] = e.To,
            }, staff ? new() { ["developmentIssueId"] = e.DevelopmentIssueId } : null),
            ForwardedToProduct e => Entry("forwarded_to_product", e.By, Support, e.At, new() { ["status"] = e.To },
                staff ? new() { ["suggestionId"] = e.SuggestionId, ["suggestionNumber"] = e.SuggestionNumber } : null),
            ProductDecided e => Entry("product_decision", e.By, Support, e.At, new()
            {
                ["decision"] = e.Decision, ["message"] = e.Message, ["workaround"] = e.Workaround, ["messageId"] = e.MessageId,
                ["status"] = e.To, ["resolution"] = e.Resolution,
            }, staff ? new() { ["suggestionId"] = e.SuggestionId, ["suggestionNumber"] = e.SuggestionNumber } : null),
            _ => null,
        };

        return described is null
            ? null
            : new HistoryEntry(recorded.Id, recorded.Version, described.Type, described.At, staff ? described.By : described.PublicBy, described.Data);

        Described Entry(
            string type, string by, string publicBy, DateTimeOffset at, Dictionary<string, object?> data, Dictionary<string, object?>? staffOnly = null)
        {
            foreach (var (key, value) in staffOnly ?? [])
            {
                data[key] = value;
            }

            return new Described(type, by, publicBy, at, data);
        }

        // Staff see which email a message came in and how it found its ticket (IN-7); partners do not.
        Dictionary<string, object?>? Email(EmailOrigin? email) => staff && email is not null ? new() { ["email"] = email } : null;
    }

    private static string PublicName(MessageAuthor author) => author == MessageAuthor.Requester ? Requester : Support;

    private sealed record Described(string Type, string By, string PublicBy, DateTimeOffset At, Dictionary<string, object?> Data);
}
