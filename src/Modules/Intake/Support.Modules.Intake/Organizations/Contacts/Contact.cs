using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations.Contacts;

/// <summary>
/// A requester at a customer organisation. Its own document rather than a list inside the
/// organisation, so adding one is an insert that the unique (organisation, lower-case email) index
/// guards, whoever adds another at the same moment.
/// </summary>
internal sealed class Contact
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>As given; compared case-insensitively.</summary>
    public string Email { get; set; } = "";

    /// <summary>Null: the organisation's language, whatever it becomes.</summary>
    public Language? Language { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A requester as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="OrganizationId">The customer organisation it belongs to.</param>
/// <param name="Name">How the requester is addressed.</param>
/// <param name="Email">Where the requester is written to.</param>
/// <param name="Language">The language the requester is written to in: <c>fr</c> or <c>en</c>; null when it is the organisation's.</param>
/// <param name="CreatedAt">When it was added.</param>
internal sealed record ContactView(Guid Id, Guid OrganizationId, string Name, string Email, Language? Language, DateTimeOffset CreatedAt)
{
    public static ContactView From(Contact contact) =>
        new(contact.Id, contact.OrganizationId, contact.Name, contact.Email, contact.Language, contact.CreatedAt);

    [System.Text.Json.Serialization.JsonIgnore]
    public string Location => $"/api/v1/organizations/{OrganizationId}/contacts/{Id}";
}

internal static class ContactEmails
{
    /// <summary>The form the unique index and every lookup compare: PostgreSQL's <c>lower()</c> of the trimmed address.</summary>
    public static string Key(string email) => email.Trim().ToLowerInvariant();
}
