using Orleans.Concurrency;

namespace ScimOrleans.Abstractions;

/// <summary>
/// A customer organisation, keyed by its <see cref="TenantId"/>. Holds settings and its token
/// list; it is never called on the per-request SCIM path (the token grain answers auth).
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<bool> Exists();

    /// <summary>When the tenant was created; null when it does not exist.</summary>
    [ReadOnly]
    Task<DateTimeOffset?> GetCreatedAt();

    /// <summary>Creates the tenant; false when it already existed.</summary>
    Task<bool> Create();

    Task<IssuedToken> IssueToken(string name, DateTimeOffset? expiresAt, string? domain);

    /// <summary>Accepts a token value chosen by the operator (bootstrap); idempotent.</summary>
    Task<TokenInfo> RegisterStaticToken(string value, string name);

    [ReadOnly]
    Task<IReadOnlyList<TokenInfo>> ListTokens();

    Task<TokenInfo?> RevokeToken(string tokenId);

    [ReadOnly]
    Task<TenantSettings> GetSettings();

    /// <summary>
    /// Replaces the settings (the version is the grain's to set). Removing a custom attribute or
    /// changing its type while users hold values is refused unless
    /// <paramref name="purgeRemovedValues"/> says to delete those values. A proposal that carries
    /// a version (read-modify-write) is refused with 412 when the settings moved on since; version
    /// 0 replaces whatever is there.
    /// </summary>
    Task<TenantSettingsResult> UpdateSettings(TenantSettings proposed, bool purgeRemovedValues);
}
