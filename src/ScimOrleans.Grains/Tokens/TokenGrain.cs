using System.Security.Cryptography;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tokens;

/// <summary>
/// One bearer token. Validation runs on every SCIM request, so its use is counted in memory and
/// written at most once a minute (and on deactivation) rather than once per request.
/// </summary>
public sealed class TokenGrain(
    [PersistentState("token", StorageNames.Settings)] IPersistentState<TokenState> state,
    IGrainFactory grains,
    TimeProvider time) : Grain, ITokenGrain
{
    private static readonly TimeSpan UsageFlushPeriod = TimeSpan.FromMinutes(1);

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

    async Task<TokenValidation> ITokenGrain.Validate(string secret)
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
        return new TokenValidation(token.Tenant, token.Name, token.Domain, null, _settingsVersion.Value);
    }

    Task<TokenInfo?> ITokenGrain.GetInfo() => Task.FromResult(state.RecordExists ? Info() : null);

    async Task<TokenInfo?> ITokenGrain.Revoke()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        if (state.State.RevokedAt is null)
        {
            state.State = WithUsage(state.State) with { RevokedAt = time.GetUtcNow() };
            _unsavedUses = 0;
            await state.WriteStateAsync();
        }

        return Info();
    }

    Task ITokenGrain.NotifySettingsVersion(int version)
    {
        _settingsVersion = Math.Max(_settingsVersion ?? 0, version);
        return Task.CompletedTask;
    }

    private async Task FlushUsageAsync(CancellationToken cancellationToken)
    {
        if (_unsavedUses == 0 || !state.RecordExists)
        {
            return;
        }

        state.State = WithUsage(state.State);
        _unsavedUses = 0;
        await state.WriteStateAsync(cancellationToken);
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
