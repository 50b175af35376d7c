using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;

namespace Support.Modules.Intake.Organizations;

/// <summary>
/// The mail domains that identify an organisation's people: what one is, the form it is kept in,
/// and the public webmail domains no organisation may have.
/// </summary>
internal static partial class MailDomains
{
    /// <summary>How many domains an organisation may have.</summary>
    public const int MaxCount = 50;

    /// <summary>How long a domain may be as sent.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// Mail providers anyone can have an address at: everyone at <c>gmail.com</c> is not one
    /// organisation, so none of these may identify one. Their people are added as contacts instead.
    /// </summary>
    private static readonly FrozenSet<string> PublicWebmail = new[]
    {
        "gmail.com", "googlemail.com",
        "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr", "live.com", "live.fr", "msn.com",
        "yahoo.com", "yahoo.fr", "ymail.com", "rocketmail.com", "aol.com", "aol.fr",
        "icloud.com", "me.com", "mac.com",
        "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "neuf.fr", "bbox.fr", "club-internet.fr", "numericable.fr",
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tuta.io",
        "mail.com", "zoho.com", "fastmail.com", "yandex.com", "yandex.ru", "mail.ru", "web.de", "t-online.de", "libero.it",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Webmail brands under any country's domain: <c>gmx.de</c>, <c>gmx.fr</c>, <c>yahoo.co.uk</c>…</summary>
    private static readonly FrozenSet<string> PublicWebmailBrands = new[] { "gmx", "yahoo", "hotmail" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The form a domain is kept and compared in: trimmed, without a leading <c>@</c>, internationalised
    /// names in punycode (<c>exémple.fr</c> → <c>xn--exmple-cva.fr</c>), lower-case; null when it is not
    /// a domain name with at least one dot.
    /// </summary>
    public static string? Normalize(string? value)
    {
        var domain = value?.Trim() ?? "";
        if (domain.StartsWith('@'))
        {
            domain = domain[1..];
        }

        if (domain.Length is 0 or > MaxLength)
        {
            return null;
        }

        try
        {
            domain = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        return Syntax().IsMatch(domain) ? domain : null;
    }

    /// <summary>Domains that passed validation, normalised, once each, in the order sent.</summary>
    public static List<string> NormalizeAll(IEnumerable<string> domains) =>
        domains.Select(d => Normalize(d) ?? throw new ArgumentException($"'{d}' is not a mail domain; validation should have refused it.", nameof(domains)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether a normalised domain is a public webmail's.</summary>
    public static bool IsPublicWebmail(string domain)
    {
        if (PublicWebmail.Contains(domain))
        {
            return true;
        }

        var labels = domain.Split('.');
        return PublicWebmailBrands.Contains(labels[0])
            && (labels.Length == 2 || (labels.Length == 3 && labels[1] is "co" or "com"));
    }

    /// <summary>
    /// The domain of an email address and the domains it is under, most specific first, down to
    /// two labels: <c>user@paris.acme.fr</c> → <c>paris.acme.fr</c>, <c>acme.fr</c>. Empty when the
    /// address has no usable domain. The address may be bare or as a header gives it
    /// (<c>Jane &lt;jane@acme.fr&gt;</c>).
    /// </summary>
    public static string[] CandidatesFor(string address)
    {
        if (!System.Net.Mail.MailAddress.TryCreate(address.Trim(), out var parsed) || Normalize(parsed.Host) is not { } domain)
        {
            return [];
        }

        var candidates = new List<string>();
        for (var rest = domain; rest.Contains('.'); rest = rest[(rest.IndexOf('.') + 1)..])
        {
            candidates.Add(rest);
        }

        return [.. candidates];
    }

    /// <summary>The rule of an <c>emailDomains</c> field as a whole: at most <see cref="MaxCount"/>.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> MailDomainCount<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule) =>
        rule.Must(list => list is null || list.Count <= MaxCount).WithMessage($"At most {MaxCount} email domains.");

    /// <summary>
    /// The rules of each item of an <c>emailDomains</c> field (errors name <c>emailDomains[i]</c>): a domain
    /// name with at least one dot, not a public webmail's. Each item reports the first rule it breaks.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string> MailDomain<T>(this IRuleBuilderInitialCollection<T, string> rule) =>
        rule.Custom((domain, context) =>
        {
            if (ProblemWith(domain) is { } problem)
            {
                context.AddFailure(problem);
            }
        });

    /// <summary>Why this is not a domain an organisation may have; null when it is one.</summary>
    public static string? ProblemWith(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "An email domain cannot be empty.";
        }

        if (value.Trim().Length > MaxLength)
        {
            return $"An email domain has at most {MaxLength} characters.";
        }

        if (Normalize(value) is not { } domain)
        {
            return $"'{value}' is not a mail domain such as example.com: letters, digits and hyphens, with at least one dot.";
        }

        return IsPublicWebmail(domain)
            ? $"'{value}' is a public webmail domain: the people who have an address there are not one organisation, so it cannot identify one. Add them as contacts instead."
            : null;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$", RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
