using System.Text.RegularExpressions;

namespace Support.Modules.Intake.Email.Content;

/// <summary>
/// The token our outgoing mail hides in its body, <c>[ref:ticket-{id:N}]</c>: a reply quotes it back,
/// which ties the reply to its ticket even when the client dropped the threading headers.
/// </summary>
internal static partial class TicketReference
{
    public static string Token(Guid ticketId) => Notifications.Contracts.HiddenTicketReference.For(ticketId);

    /// <summary>The ticket named by the first token in any of <paramref name="texts"/>, or null.</summary>
    public static Guid? Find(params IEnumerable<string?> texts)
    {
        foreach (var text in texts)
        {
            if (text is not null && Pattern().Match(text) is { Success: true } match)
            {
                return Guid.ParseExact(match.Groups["id"].Value, "N");
            }
        }

        return null;
    }

    /// <summary>The text without tokens: a machine marker, not something a person wrote.</summary>
    public static string Remove(string text) => Pattern().Replace(text, "");

    [GeneratedRegex(@"\[ref:ticket-(?<id>[0-9a-f]{32})\]", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
