using Orleans.Concurrency;

namespace ScimOrleans.Abstractions;

/// <summary>One bearer token, keyed by its id. Validation is read-only so that one IdP's
/// stream of requests does not queue behind itself on this grain.</summary>
public interface ITokenGrain : IGrainWithStringKey
{
    /// <summary>Creates the token; false when a token with this id already exists.</summary>
    Task<bool> Register(TokenRegistration registration);

    [ReadOnly]
    Task<TokenValidation> Validate(string secret);

    /// <summary>
    /// <see cref="Validate"/> for a silo that caches the answer: when it is accepted, the
    /// observer is told before any later revocation or settings change completes.
    /// </summary>
    [ReadOnly]
    Task<TokenValidation> ValidateAndWatch(string secret, ITokenCacheObserver observer);

    [ReadOnly]
    Task<TokenInfo?> GetInfo();

    Task<TokenInfo?> Revoke();

    /// <summary>
    /// The tenant tells its tokens when its settings change, so validation can report it. It
    /// interleaves: a validation may be waiting on the tenant while the tenant waits on this.
    /// </summary>
    [AlwaysInterleave]
    Task NotifySettingsVersion(int version);
}
