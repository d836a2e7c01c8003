using System.Collections.Concurrent;
using System.Security.Cryptography;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tokens;

/// <summary>
/// This silo's accepted token validations, so a request stream costs a hash and a dictionary
/// look-up instead of a grain call. An answer is used only for the secret it was given for,
/// only until the token expires, and at most for <see cref="Lease"/>; the token grain drops it
/// (<see cref="ITokenCacheObserver.Forget"/>) before a revocation or settings change completes,
/// so those apply from the next request through any silo. The lease bounds what a silo the grain
/// could not reach (or a grain lost with its silo) may still accept. Uses are counted here and
/// collected by the grain, so a token's use count and last use stay right.
/// </summary>
public sealed class TokenValidationCache(IGrainFactory grains, TimeProvider time) : ITokenCacheObserver
{
    /// <summary>How long an answer is used before the grain is asked again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _referenceLock = new();
    private ITokenCacheObserver? _reference;

    // Bumped by every Forget: an answer fetched while one arrived may predate it, so it is not kept.
    private long _generation;

    public async ValueTask<TokenValidation> ValidateAsync(string tokenId, string secret)
    {
        var hash = TokenFormat.HashSecret(secret);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(tokenId, out var cached) && cached.Answers(hash, now))
        {
            cached.CountUse(now);
            return cached.Validation;
        }

        var generation = Interlocked.Read(ref _generation);
        var validation = await grains.GetGrain<ITokenGrain>(tokenId).ValidateAndWatch(secret, Reference());
        if (validation.IsValid && Interlocked.Read(ref _generation) == generation)
        {
            // The grain counted this use itself.
            _entries[tokenId] = new Entry(hash, validation, now + Lease);
        }

        return validation;
    }

    Task<TokenUse> ITokenCacheObserver.Forget(string tokenId)
    {
        Interlocked.Increment(ref _generation);
        return Task.FromResult(_entries.TryRemove(tokenId, out var entry) ? entry.TakeUses() : TokenUse.None);
    }

    Task<TokenUse> ITokenCacheObserver.TakeUses(string tokenId) =>
        Task.FromResult(_entries.TryGetValue(tokenId, out var entry) ? entry.TakeUses() : TokenUse.None);

    /// <summary>Created on first use: the grain runtime is not running yet when this is constructed.</summary>
    private ITokenCacheObserver Reference()
    {
        lock (_referenceLock)
        {
            return _reference ??= grains.CreateObjectReference<ITokenCacheObserver>(this);
        }
    }

    private sealed class Entry(byte[] secretHash, TokenValidation validation, DateTimeOffset leaseEnds)
    {
        private long _uses;
        private long _lastUsedTicks;

        public TokenValidation Validation => validation;

        public bool Answers(byte[] hash, DateTimeOffset now) =>
            now < leaseEnds
            && (validation.ExpiresAt is not { } expires || now < expires)
            && CryptographicOperations.FixedTimeEquals(hash, secretHash);

        public void CountUse(DateTimeOffset now)
        {
            Interlocked.Increment(ref _uses);
            Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
        }

        public TokenUse TakeUses()
        {
            var uses = Interlocked.Exchange(ref _uses, 0);
            var last = Interlocked.Read(ref _lastUsedTicks);
            return uses == 0 ? TokenUse.None : new TokenUse(uses, new DateTimeOffset(last, TimeSpan.Zero));
        }
    }
}
