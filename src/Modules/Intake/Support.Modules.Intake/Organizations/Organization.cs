using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations;

/// <summary>A customer organisation: who its tickets are for, what language it reads, what its contract covers.</summary>
internal sealed class Organization
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Language Language { get; set; }

    public SupportContract Contract { get; set; }

    /// <summary>Normalised (<see cref="MailDomains.Normalize"/>), once each; each one claimed by a <see cref="MailDomainClaim"/>.</summary>
    public List<string> EmailDomains { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An organisation as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Language">The language its people are written to in.</param>
/// <param name="Contract">Its support contract.</param>
/// <param name="EmailDomains">The mail domains that identify its people, lower-case, internationalised ones in punycode
/// (<c>xn--…</c>): mail from an unknown address at one of them, or under one (<c>paris.example.com</c> for
/// <c>example.com</c>), is attributed to this organisation. A domain belongs to one organisation only.</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record OrganizationView(
    Guid Id, string Name, Language Language, SupportContract Contract, IReadOnlyList<string> EmailDomains, DateTimeOffset CreatedAt)
{
    public static OrganizationView From(Organization organization) => new(
        organization.Id, organization.Name, organization.Language, organization.Contract, organization.EmailDomains, organization.CreatedAt);
}
