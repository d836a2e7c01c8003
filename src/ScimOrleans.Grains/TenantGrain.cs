using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains;

public sealed class TenantGrain(
    [PersistentState("tenant", StorageNames.Settings)] IPersistentState<TenantState> state,
    IGrainFactory grains,
    TimeProvider time) : Grain, ITenantGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    Task<bool> ITenantGrain.Exists() => Task.FromResult(state.RecordExists);

    async Task<bool> ITenantGrain.Create()
    {
        if (!TenantId.IsValid(Tenant))
        {
            throw new ArgumentException($"'{Tenant}' is not a valid tenant id.");
        }

        if (state.RecordExists)
        {
            return false;
        }

        state.State = new TenantState { CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        await grains.GetGrain<ITenantDirectoryGrain>(0).Add(Tenant);
        return true;
    }

    async Task<IssuedToken> ITenantGrain.IssueToken(string name, DateTimeOffset? expiresAt, string? domain)
    {
        EnsureExists();
        while (true)
        {
            var id = TokenFormat.NewTokenId();
            var secret = TokenFormat.NewSecret();
            var registration = new TokenRegistration(Tenant, name, TokenFormat.HashSecret(secret), expiresAt, domain);
            if (await grains.GetGrain<ITokenGrain>(id).Register(registration))
            {
                var info = await RememberAsync(id);
                return new IssuedToken(info, TokenFormat.Compose(id, secret));
            }
        }
    }

    async Task<TokenInfo> ITenantGrain.RegisterStaticToken(string value, string name)
    {
        EnsureExists();
        if (!TokenFormat.TryParse(value, out var id, out var secret))
        {
            throw new ArgumentException("The token value is empty, too long or contains white space.");
        }

        var token = grains.GetGrain<ITokenGrain>(id);
        await token.Register(new TokenRegistration(Tenant, name, TokenFormat.HashSecret(secret), null, null));
        var info = await token.GetInfo();
        if (info is null || info.Tenant != Tenant)
        {
            throw new InvalidOperationException("That token value is already in use by another tenant.");
        }

        return await RememberAsync(id);
    }

    async Task<IReadOnlyList<TokenInfo>> ITenantGrain.ListTokens()
    {
        var infos = await Task.WhenAll(state.State.TokenIds.Select(id => grains.GetGrain<ITokenGrain>(id).GetInfo()));
        return [.. infos.OfType<TokenInfo>().OrderBy(t => t.CreatedAt)];
    }

    Task<TokenInfo?> ITenantGrain.RevokeToken(string tokenId) =>
        state.State.TokenIds.Contains(tokenId)
            ? grains.GetGrain<ITokenGrain>(tokenId).Revoke()
            : Task.FromResult<TokenInfo?>(null);

    private async Task<TokenInfo> RememberAsync(string tokenId)
    {
        if (!state.State.TokenIds.Contains(tokenId))
        {
            state.State = state.State with { TokenIds = [.. state.State.TokenIds, tokenId] };
            await state.WriteStateAsync();
        }

        return (await grains.GetGrain<ITokenGrain>(tokenId).GetInfo())!;
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException($"Tenant '{Tenant}' does not exist.");
        }
    }
}
