using System.Security.Claims;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Auth;

/// <summary>The claims a validated SCIM token gives its request.</summary>
public static class ScimClaims
{
    public const string Tenant = "scim:tenant";
    public const string TokenId = "scim:token_id";
    public const string TokenName = "scim:token_name";
    public const string Domain = "scim:domain";
    public const string SettingsVersion = "scim:settings_version";

    public static string? TenantOf(ClaimsPrincipal user) => user.FindFirstValue(Tenant);

    /// <summary>The caller a validated token makes of its request, for the resource grains.</summary>
    public static ScimCaller CallerOf(ClaimsPrincipal user) => new(
        user.FindFirstValue(TokenId) ?? "",
        user.FindFirstValue(TokenName) ?? "",
        user.FindFirstValue(Domain),
        int.TryParse(user.FindFirstValue(SettingsVersion), out var version) ? version : 0);
}
