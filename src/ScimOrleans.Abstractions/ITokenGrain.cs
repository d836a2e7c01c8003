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

    [ReadOnly]
    Task<TokenInfo?> GetInfo();

    Task<TokenInfo?> Revoke();
}
