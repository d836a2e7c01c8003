namespace ScimOrleans.Abstractions;

/// <summary>
/// A silo's cache of token validations, as the token grain sees it. The grain tells every silo
/// that cached a token when an answer it gave may no longer hold (revoked, tenant settings
/// changed, grain going away), and collects the uses the silos counted on its behalf.
/// </summary>
public interface ITokenCacheObserver : IGrainObserver
{
    /// <summary>Drops the token's cached validation; returns the uses counted since the last collection.</summary>
    Task<TokenUse> Forget(string tokenId);

    /// <summary>The uses counted for the token since the last collection, which restarts the count.</summary>
    Task<TokenUse> TakeUses(string tokenId);
}
