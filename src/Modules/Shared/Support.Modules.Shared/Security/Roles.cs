namespace Support.Modules.Shared.Security;

/// <summary>The roles an API key can carry.</summary>
public enum Role
{
    Admin,
    Agent,
    Developer,
    Product,
    Partner,
    Mailgate,
}

/// <summary>Authorization policy names; every endpoint names the one it requires.</summary>
public static class Policies
{
    /// <summary>Administrators only.</summary>
    public const string Admin = "admin";

    /// <summary>Support staff: agents and administrators.</summary>
    public const string Agent = "agent";

    /// <summary>Anyone on the vendor's side: admin, agent, developer, product.</summary>
    public const string Staff = "staff";

    /// <summary>Agents and administrators, or partners acting for their organisations.</summary>
    public const string AgentOrPartner = "agent-or-partner";

    /// <summary>Those who work on development issues: developers, agents and administrators.</summary>
    public const string Development = "development";

    /// <summary>Developers (and administrators): marking fixes deployed.</summary>
    public const string Developer = "developer";

    /// <summary>The product team (and administrators): ranking and deciding on suggestions.</summary>
    public const string Product = "product";

    /// <summary>The product team, agents and administrators: reading suggestions.</summary>
    public const string ProductOrAgent = "product-or-agent";

    /// <summary>Any staff member, or partners for their organisations.</summary>
    public const string StaffOrPartner = "staff-or-partner";

    /// <summary>Administrators, or partners for what their own key owns (webhooks).</summary>
    public const string AdminOrPartner = "admin-or-partner";

    /// <summary>A mail server handing over received mail (role <c>mailgate</c>), or an administrator.</summary>
    public const string Mailgate = "mailgate";
}

/// <summary>Claim types carried by an authenticated API key.</summary>
public static class SupportClaims
{
    public const string KeyId = "support:key";
    public const string Organization = "support:org";
}
