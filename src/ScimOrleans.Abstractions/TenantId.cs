using System.Text.RegularExpressions;

namespace ScimOrleans.Abstractions;

/// <summary>
/// Tenant ids appear in URLs (<c>/scim/{tenant}/v2</c>) and grain keys, so they are kept to
/// lower-case letters, digits and inner hyphens.
/// </summary>
public static partial class TenantId
{
    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
