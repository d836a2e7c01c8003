using System.Security.Claims;

namespace ScimOrleans.Silo.Auth;

/// <summary>The claims a validated SCIM token gives its request.</summary>
public static class ScimClaims
{
    public const string Tenant = "scim:tenant";
    public const string TokenId = "scim:token_id";
    public const string TokenName = "scim:token_name";
    public const string Domain = "scim:domain";

    public static string? TenantOf(ClaimsPrincipal user) => user.FindFirstValue(Tenant);
}
