using System.Globalization;
using System.Net.Mail;
using System.Text;
using Marten;

namespace Support.Modules.Intake.Queues;

/// <summary>
/// A queue tickets are filed in, and the email address that feeds it (IN-5). Its id is a slug of
/// the name it was created with and never changes: tickets, filters and partners' code refer to it.
/// </summary>
internal sealed class Queue
{
    /// <summary>The slug, e.g. <c>technical-support</c>.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Lower-case, unique across queues; null when no mailbox feeds it.</summary>
    public string? IntakeAddress { get; set; }

    /// <summary>The business calendar its team works by (TR-8); null for the standard one.</summary>
    public string? CalendarId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A queue as the API shows it.</summary>
/// <param name="Id">Its id: a lower-case slug of the name it was created with, e.g. <c>technical-support</c>; it never changes.</param>
/// <param name="Name">Its display name.</param>
/// <param name="IntakeAddress">The email address whose messages become tickets in this queue; null when none does.</param>
/// <param name="CalendarId">The business calendar its team works by (TR-8), <c>standard</c> unless set.</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record QueueView(string Id, string Name, string? IntakeAddress, string CalendarId, DateTimeOffset CreatedAt)
{
    public static QueueView From(Queue queue) => new(queue.Id, queue.Name, queue.IntakeAddress, queue.CalendarId ?? Calendars.Calendar.StandardId, queue.CreatedAt);

    [System.Text.Json.Serialization.JsonIgnore]
    public string Location => $"/api/v1/queues/{Id}";
}

/// <summary>Queue ids: "Technical support" → <c>technical-support</c>.</summary>
internal static class QueueSlugs
{
    public const int MaxLength = 64;

    /// <summary>
    /// Lower-case ASCII letters and digits, runs of anything else as one dash, accents dropped
    /// ("Société" → <c>societe</c>) so a French name gives the id an English speaker would type.
    /// Empty when the name has no letter or digit it can keep.
    /// </summary>
    public static string From(string name)
    {
        var slug = new StringBuilder(name.Length);
        var separate = false;
        foreach (var character in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(character);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (separate && slug.Length > 0)
                {
                    slug.Append('-');
                }

                slug.Append(lower);
                separate = false;
            }
            else
            {
                separate = true;
            }
        }

        return slug.Length <= MaxLength ? slug.ToString() : slug.ToString(0, MaxLength).TrimEnd('-');
    }
}

/// <summary>Intake addresses are compared case-insensitively, so they are kept lower-case.</summary>
internal static class IntakeAddresses
{
    public const int MaxLength = 254;

    /// <summary>A bare address such as <c>support@example.com</c>: no display name, no angle brackets.</summary>
    public static bool IsValid(string? address) =>
        address is { Length: > 0 and <= MaxLength }
        && MailAddress.TryCreate(address.Trim(), out var parsed)
        && string.Equals(parsed.Address, address.Trim(), StringComparison.OrdinalIgnoreCase);

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();

    /// <summary>The address in a header value such as <c>Support &lt;support@example.com&gt;</c>, normalised; null when there is none.</summary>
    public static string? FromHeader(string value) =>
        MailAddress.TryCreate(value.Trim(), out var parsed) ? Normalize(parsed.Address) : null;
}

/// <summary>What the rest of Intake asks about queues.</summary>
internal static class QueueDirectory
{
    /// <summary>Whether a queue with this id exists, e.g. before filing a ticket in it.</summary>
    public static Task<bool> ExistsAsync(IQuerySession session, string id, CancellationToken cancellationToken) =>
        session.Query<Queue>().AnyAsync(q => q.Id == id, cancellationToken);

    /// <summary>The queue fed by this (normalised) intake address, if any.</summary>
    public static Task<Queue?> ByIntakeAddressAsync(IQuerySession session, string address, CancellationToken cancellationToken) =>
        session.Query<Queue>().Where(q => q.IntakeAddress == address).FirstOrDefaultAsync(cancellationToken);
}
