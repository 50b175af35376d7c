using System.Text.Json;
using System.Text.Json.Nodes;
using Support.Modules.Escalation.Contracts;
using Support.Modules.Intake.Contracts;
using Support.Modules.Shared.Events;
using Support.Modules.Shared.Json;
using Support.Modules.Triage.Contracts;

namespace Support.Modules.Notifications.Webhooks.Fanout;

/// <summary>
/// The body of a delivery: <c>{ "id", "type", "occurredAt", "data" }</c>, the event's fields in
/// <c>data</c> as the API writes JSON (camelCase, enums as lower-case strings). A partner's webhook
/// gets the public part only, as a partner reads the ticket's history: staff-only fields are null and
/// who acted on the support side is <c>support</c> (see docs/webhooks.md).
/// </summary>
internal static class WebhookPayload
{
    public const string Support = "support";
    public const string Requester = "requester";
    public const string System = "system";

    public static string For(IntegrationEvent integrationEvent, Webhook webhook)
    {
        var data = JsonSerializer.SerializeToNode(integrationEvent, integrationEvent.GetType(), SupportJson.Options)!.AsObject();
        data.Remove("eventId");
        data.Remove("occurredAt");
        if (!webhook.AllOrganizations)
        {
            KeepPublicPart(integrationEvent, data, webhook.OwnerKeyId);
        }

        var envelope = new JsonObject
        {
            ["id"] = integrationEvent.EventId,
            ["type"] = WebhookEventTypes.NameOf(integrationEvent.GetType()),
            ["occurredAt"] = integrationEvent.OccurredAt,
            ["data"] = data,
        };
        return envelope.ToJsonString(SupportJson.Options);
    }

    private static void KeepPublicPart(IntegrationEvent integrationEvent, JsonObject data, string ownerKeyId)
    {
        switch (integrationEvent)
        {
            case TicketSubmitted:
                Hide(data, "callNotes", "queue", "outsideContract", "email", "unknownSender");
                break;
            case TicketCategoryCorrected:
                Hide(data, "reason");
                break;
            case TicketFollowUpRequested:
                Hide(data, "queue");
                break;
            case TicketOrganizationAssigned:
                Hide(data, "previousOrganizationId");
                break;
            case BugReproductionRecorded:
                Hide(data, "notes");
                break;
            case TicketEscalatedToDevelopment or TicketFixDeployed:
                Hide(data, "developmentIssueId", "developmentIssueNumber");
                break;
            case TicketFixConfirmed:
                Hide(data, "developmentIssueId");
                break;
            case TicketForwardedToProduct or TicketProductDecision:
                Hide(data, "suggestionId", "suggestionNumber");
                break;
        }

        // Whoever acted is an API key id: partners see their own key's, and otherwise the side it acted for.
        foreach (var (name, value) in data.ToList())
        {
            if (IsActor(name) && value?.GetValueKind() == JsonValueKind.String)
            {
                var actor = value.GetValue<string>();
                data[name] = actor == System || actor == ownerKeyId ? actor
                    : name is "submittedBy" or "requestedBy" ? Requester
                    : Support;
            }
        }
    }

    private static bool IsActor(string name) => name is "by" or "agentId" || name.EndsWith("By", StringComparison.Ordinal);

    private static void Hide(JsonObject data, params string[] names)
    {
        foreach (var name in names)
        {
            if (data.ContainsKey(name))
            {
                data[name] = null;
            }
        }
    }
}
