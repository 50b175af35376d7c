using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace Support.Modules.Shared.Http;

/// <summary>
/// Enum filters in query strings, written as the API writes enums (<c>waiting_on_customer</c>): the
/// framework's binder knows only the C# names, so filters arrive as strings and are read here.
/// </summary>
public static class QueryEnum
{
    /// <exception cref="ValidationException">The value is not one of the enum's; the 400 lists the allowed ones.</exception>
    public static TEnum? Parse<TEnum>(string? value, string parameter)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(NameOf(candidate), value, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw new ValidationException([new ValidationFailure(parameter, $"'{value}' is not one of: {string.Join(", ", Enum.GetValues<TEnum>().Select(NameOf))}.")]);
    }

    public static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
