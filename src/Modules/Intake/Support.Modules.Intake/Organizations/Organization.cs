using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Organizations;

/// <summary>A customer organisation: who its tickets are for, what language it reads, what its contract covers.</summary>
internal sealed class Organization
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public Language Language { get; set; }

    public SupportContract Contract { get; set; }

    public List<string> EmailDomains { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The mail domains that identify an organisation's people.</summary>
internal static class MailDomains
{
    public const string Pattern = @"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$";

    /// <summary>Domains compare case-insensitively: kept lower-case, once each.</summary>
    public static List<string> Normalize(IEnumerable<string> domains) =>
        domains.Select(d => d.Trim().ToLowerInvariant()).Distinct().ToList();
}

/// <summary>An organisation as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Language">The language its people are written to in.</param>
/// <param name="Contract">Its support contract.</param>
/// <param name="EmailDomains">Mail domains that identify its people.</param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record OrganizationView(
    Guid Id, string Name, Language Language, SupportContract Contract, IReadOnlyList<string> EmailDomains, DateTimeOffset CreatedAt)
{
    public static OrganizationView From(Organization organization) => new(
        organization.Id, organization.Name, organization.Language, organization.Contract, organization.EmailDomains, organization.CreatedAt);
}
