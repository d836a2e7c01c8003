using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// A host name pattern with one <c>{tenant}</c> label, e.g. <c>{tenant}.scim.example.com</c>:
/// which tenant a request's host names, if any. Ports are ignored; names compare case-insensitively.
/// </summary>
public sealed class TenantHostPattern
{
    public const string Placeholder = "{tenant}";

    private readonly string _prefix;
    private readonly string _suffix;

    private TenantHostPattern(string prefix, string suffix)
    {
        _prefix = prefix;
        _suffix = suffix;
    }

    /// <summary>Null when no pattern is set; throws when the pattern has no or several <c>{tenant}</c>.</summary>
    public static TenantHostPattern? Parse(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return null;
        }

        if (!IsValid(pattern))
        {
            throw new ArgumentException($"A tenant host pattern needs exactly one '{Placeholder}', as in '{Placeholder}.scim.example.com'.", nameof(pattern));
        }

        var at = pattern.IndexOf(Placeholder, StringComparison.OrdinalIgnoreCase);
        return new TenantHostPattern(pattern[..at].ToLowerInvariant(), pattern[(at + Placeholder.Length)..].ToLowerInvariant());
    }

    public static bool IsValid(string pattern)
    {
        var at = pattern.IndexOf(Placeholder, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && pattern.IndexOf(Placeholder, at + 1, StringComparison.OrdinalIgnoreCase) < 0;
    }

    public string? TenantOf(HostString host)
    {
        var name = host.Host.ToLowerInvariant();
        if (name.Length <= _prefix.Length + _suffix.Length || !name.StartsWith(_prefix, StringComparison.Ordinal)
            || !name.EndsWith(_suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var tenant = name[_prefix.Length..^_suffix.Length];
        return TenantId.IsValid(tenant) ? tenant : null;
    }
}
