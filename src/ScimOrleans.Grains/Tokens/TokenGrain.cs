using System.Security.Cryptography;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tokens;

/// <summary>
/// One bearer token. Validation runs on every SCIM request, so its use is counted in memory and
/// written at most once a minute (and on deactivation) rather than once per request. Silos may
/// cache an accepted validation (<see cref="TokenValidationCache"/>): the grain remembers which,
/// tells them all before a revocation or a settings change completes, and collects the uses they
/// counted whenever it reports or saves usage.
/// </summary>
public sealed class TokenGrain(
    [PersistentState("token", StorageNames.Settings)] IPersistentState<TokenState> state,
    IGrainFactory grains,
    TimeProvider time) : Grain, ITokenGrain
{
    private static readonly TimeSpan UsageFlushPeriod = TimeSpan.FromMinutes(1);

    // A silo that does not answer within this is dropped from the watchers; its cached entry
    // still lapses after TokenValidationCache.Lease.
    private static readonly TimeSpan ObserverTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<ITokenCacheObserver> _watchers = [];

    private long _unsavedUses;
    private DateTimeOffset? _lastUsed;
    private int? _settingsVersion;
    private IGrainTimer? _flushTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _flushTimer = this.RegisterGrainTimer(FlushUsageAsync, new GrainTimerCreationOptions(UsageFlushPeriod, UsageFlushPeriod));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        // The next activation knows no watchers, so the silos must ask it afresh.
        await ForgetEverywhereAsync();
        await FlushUsageAsync(cancellationToken);
    }

    async Task<bool> ITokenGrain.Register(TokenRegistration registration)
    {
        if (state.RecordExists)
        {
            return false;
        }

        state.State = new TokenState
        {
            Tenant = registration.Tenant,
            Name = registration.Name,
            SecretHash = registration.SecretHash,
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = registration.ExpiresAt,
            Domain = registration.Domain,
        };
        await state.WriteStateAsync();
        return true;
    }

    Task<TokenValidation> ITokenGrain.Validate(string secret) => ValidateAsync(secret);

    async Task<TokenValidation> ITokenGrain.ValidateAndWatch(string secret, ITokenCacheObserver observer)
    {
        var validation = await ValidateAsync(secret);
        if (validation.IsValid)
        {
            _watchers.Add(observer);
        }

        return validation;
    }

    private async Task<TokenValidation> ValidateAsync(string secret)
    {
        if (!state.RecordExists)
        {
            return TokenValidation.Rejected("unknown token");
        }

        var token = state.State;
        if (!CryptographicOperations.FixedTimeEquals(TokenFormat.HashSecret(secret), token.SecretHash))
        {
            return TokenValidation.Rejected("unknown token");
        }

        switch (StatusOf(token))
        {
            case TokenStatus.Revoked:
                return TokenValidation.Rejected("token revoked");
            case TokenStatus.Expired:
                return TokenValidation.Rejected("token expired");
        }

        _unsavedUses++;
        _lastUsed = time.GetUtcNow();
        _settingsVersion ??= (await grains.GetGrain<ITenantGrain>(token.Tenant).GetSettings()).Version;
        return new TokenValidation(token.Tenant, token.Name, token.Domain, null, _settingsVersion.Value, token.ExpiresAt);
    }

    async Task<TokenInfo?> ITokenGrain.GetInfo()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        await CollectUsesAsync();
        return Info();
    }

    async Task<TokenInfo?> ITokenGrain.Revoke()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        if (state.State.RevokedAt is null)
        {
            await CollectUsesAsync();
            state.State = WithUsage(state.State) with { RevokedAt = time.GetUtcNow() };
            _unsavedUses = 0;
            await state.WriteStateAsync();
            // Answered only once no silo would still accept the token from its cache.
            await ForgetEverywhereAsync();
        }

        return Info();
    }

    async Task ITokenGrain.NotifySettingsVersion(int version)
    {
        if (version <= (_settingsVersion ?? 0))
        {
            return;
        }

        _settingsVersion = version;
        // Cached validations report the old version; dropping them makes the next request
        // through any silo ask again and so apply the new settings.
        await ForgetEverywhereAsync();
    }

    private async Task FlushUsageAsync(CancellationToken cancellationToken)
    {
        await CollectUsesAsync();
        if (_unsavedUses == 0 || !state.RecordExists)
        {
            return;
        }

        state.State = WithUsage(state.State);
        _unsavedUses = 0;
        await state.WriteStateAsync(cancellationToken);
    }

    private Task ForgetEverywhereAsync()
    {
        var watchers = _watchers.ToList();
        _watchers.Clear();
        return AskWatchersAsync(watchers, w => w.Forget(this.GetPrimaryKeyString()));
    }

    private Task CollectUsesAsync() => AskWatchersAsync([.. _watchers], w => w.TakeUses(this.GetPrimaryKeyString()));

    /// <summary>Asks each watcher at once and adds up the uses they report; one that fails or does not answer is dropped.</summary>
    private async Task AskWatchersAsync(List<ITokenCacheObserver> watchers, Func<ITokenCacheObserver, Task<TokenUse>> ask)
    {
        if (watchers.Count == 0)
        {
            return;
        }

        var answers = watchers.Select(async watcher =>
        {
            try
            {
                return await ask(watcher).WaitAsync(ObserverTimeout);
            }
            catch (Exception)
            {
                // A silo that has gone away holds no cache; one that is unreachable loses its lease.
                _watchers.Remove(watcher);
                return TokenUse.None;
            }
        }).ToList();
        foreach (var use in await Task.WhenAll(answers))
        {
            _unsavedUses += use.Count;
            if (use.LastUsedAt is { } last && (_lastUsed is null || last > _lastUsed))
            {
                _lastUsed = last;
            }
        }
    }

    private TokenState WithUsage(TokenState token) =>
        token with { UseCount = token.UseCount + _unsavedUses, LastUsedAt = _lastUsed ?? token.LastUsedAt };

    private TokenStatus StatusOf(TokenState token) =>
        token.RevokedAt is not null ? TokenStatus.Revoked
        : token.ExpiresAt is { } expires && expires <= time.GetUtcNow() ? TokenStatus.Expired
        : TokenStatus.Active;

    private TokenInfo Info()
    {
        var token = WithUsage(state.State);
        return new TokenInfo(this.GetPrimaryKeyString(), token.Tenant, token.Name, token.CreatedAt,
            token.ExpiresAt, token.RevokedAt, token.Domain, StatusOf(token), token.LastUsedAt, token.UseCount);
    }
}
