using System.Text.Json;
using MediatR;

namespace Support.Modules.Notifications.Webhooks.Fanout;

/// <summary>
/// The events webhooks can subscribe to: every integration event <see cref="TicketEventWebhooks"/>
/// handles, named as snake_case of the class name (<c>TicketStatusChanged</c> → <c>ticket_status_changed</c>).
/// </summary>
internal static class WebhookEventTypes
{
    /// <summary>Subscribes to every event type, those added later included.</summary>
    public const string All = "*";

    public static IReadOnlyList<Type> Types { get; } = typeof(TicketEventWebhooks).GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INotificationHandler<>))
        .Select(i => i.GetGenericArguments()[0])
        .ToList();

    public static IReadOnlyList<string> Names { get; } = Types.Select(NameOf).Order(StringComparer.Ordinal).ToList();

    public static string NameOf(Type type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.Name);

    public const string Required = "'events' is required: event type names such as ticket_status_changed, or [\"*\"] for all.";

    public static bool AllKnown(IReadOnlyList<string>? events) => events is not null && events.All(IsKnown);

    public static string Unknown(IReadOnlyList<string> events) =>
        $"Unknown event type(s): {string.Join(", ", events.Where(e => !IsKnown(e)).Select(e => e ?? "null"))}. Known: *, {string.Join(", ", Names)}.";

    public static bool IsKnown(string? name) => name == All || (name is not null && Names.Contains(name, StringComparer.Ordinal));
}
