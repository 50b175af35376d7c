using System.Security.Claims;
using Support.Modules.Shared.Security;

namespace Support.Modules.Intake.Organizations;

internal static class OrganizationAccess
{
    /// <summary>The organisations a partner's key is scoped to (NF-3); claims that are not ids count for none.</summary>
    public static Guid[] PartnerOrganizationIds(this ClaimsPrincipal user) =>
        user.FindAll(SupportClaims.Organization)
            .Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty)
            .Distinct()
            .ToArray();
}
