using System.Security.Claims;

namespace Support.Modules.Shared.Security;

/// <summary>What an endpoint needs to know about who is calling.</summary>
public static class CallerExtensions
{
    public static string KeyId(this ClaimsPrincipal user) =>
        user.FindFirstValue(SupportClaims.KeyId) ?? "anonymous";

    public static bool IsPartner(this ClaimsPrincipal user) => user.IsInRole(nameof(Role.Partner).ToLowerInvariant());

    /// <summary>Staff act for every organisation; a partner only for those its key is scoped to (NF-3).</summary>
    public static bool CanActFor(this ClaimsPrincipal user, Guid organizationId) =>
        !user.IsPartner() || user.FindAll(SupportClaims.Organization).Any(c => c.Value == organizationId.ToString());

    /// <summary>The organisations a partner key is scoped to.</summary>
    public static Guid[] OrganizationIds(this ClaimsPrincipal user) =>
        user.FindAll(SupportClaims.Organization).Select(c => Guid.Parse(c.Value)).ToArray();
}
