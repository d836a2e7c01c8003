using System.Security.Cryptography;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains;

public sealed class TokenGrain(
    [PersistentState("token", StorageNames.Settings)] IPersistentState<TokenState> state,
    TimeProvider time) : Grain, ITokenGrain
{
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

    Task<TokenValidation> ITokenGrain.Validate(string secret)
    {
        if (!state.RecordExists)
        {
            return Task.FromResult(TokenValidation.Rejected("unknown token"));
        }

        var token = state.State;
        if (!CryptographicOperations.FixedTimeEquals(TokenFormat.HashSecret(secret), token.SecretHash))
        {
            return Task.FromResult(TokenValidation.Rejected("unknown token"));
        }

        var status = StatusOf(token);
        return Task.FromResult(status switch
        {
            TokenStatus.Revoked => TokenValidation.Rejected("token revoked"),
            TokenStatus.Expired => TokenValidation.Rejected("token expired"),
            _ => new TokenValidation(token.Tenant, token.Name, token.Domain, null),
        });
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
            state.State = state.State with { RevokedAt = time.GetUtcNow() };
            await state.WriteStateAsync();
        }

        return Info();
    }

    private TokenStatus StatusOf(TokenState token) =>
        token.RevokedAt is not null ? TokenStatus.Revoked
        : token.ExpiresAt is { } expires && expires <= time.GetUtcNow() ? TokenStatus.Expired
        : TokenStatus.Active;

    private TokenInfo Info()
    {
        var token = state.State;
        return new TokenInfo(this.GetPrimaryKeyString(), token.Tenant, token.Name, token.CreatedAt,
            token.ExpiresAt, token.RevokedAt, token.Domain, StatusOf(token));
    }
}
