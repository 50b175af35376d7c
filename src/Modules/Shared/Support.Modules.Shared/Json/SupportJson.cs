using System.Text.Json;
using System.Text.Json.Serialization;

namespace Support.Modules.Shared.Json;

/// <summary>One JSON shape for the API, the store and the outbox: camelCase, enums as snake_case strings.</summary>
public static class SupportJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }
}
