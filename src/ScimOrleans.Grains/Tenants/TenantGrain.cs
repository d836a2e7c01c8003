using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Policies;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Tenants;

public sealed class TenantGrain(
    [PersistentState("tenant", StorageNames.Settings)] IPersistentState<TenantState> state,
    IGrainFactory grains,
    IResourceStore store,
    TimeProvider time) : Grain, ITenantGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    Task<bool> ITenantGrain.Exists() => Task.FromResult(state.RecordExists);

    Task<DateTimeOffset?> ITenantGrain.GetCreatedAt() =>
        Task.FromResult<DateTimeOffset?>(state.RecordExists ? state.State.CreatedAt : null);

    async Task<bool> ITenantGrain.Create()
    {
        if (!TenantId.IsValid(Tenant))
        {
            throw new ArgumentException($"'{Tenant}' is not a valid tenant id: use lower-case letters, digits and inner hyphens.");
        }

        if (state.RecordExists)
        {
            return false;
        }

        state.State = new TenantState { CreatedAt = time.GetUtcNow(), Settings = new TenantSettings { Version = 1 } };
        await state.WriteStateAsync();
        await grains.GetGrain<ITenantDirectoryGrain>(0).Add(Tenant);
        return true;
    }

    async Task<IssuedToken> ITenantGrain.IssueToken(string name, DateTimeOffset? expiresAt, string? domain)
    {
        EnsureExists();
        ValidateToken(name, expiresAt, domain);
        while (true)
        {
            var id = TokenFormat.NewTokenId();
            var secret = TokenFormat.NewSecret();
            var registration = new TokenRegistration(Tenant, name.Trim(), TokenFormat.HashSecret(secret), expiresAt, domain?.Trim().ToLowerInvariant());
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

    Task<TenantSettings> ITenantGrain.GetSettings() => Task.FromResult(state.State.Settings);

    async Task<TenantSettingsResult> ITenantGrain.UpdateSettings(TenantSettings proposed, bool purgeRemovedValues)
    {
        EnsureExists();
        var current = state.State.Settings;
        if (proposed.Version != 0 && proposed.Version != current.Version)
        {
            return new TenantSettingsResult(null, new ScimFault(412, null,
                $"The settings changed (version {current.Version}) since they were read (version {proposed.Version})."));
        }

        if (TenantSettingsRules.Validate(proposed) is { } problem)
        {
            return new TenantSettingsResult(null, new ScimFault(400, "invalidValue", problem));
        }

        var dropped = DroppedAttributes(current, proposed);
        if (dropped.Count > 0)
        {
            var held = await CountHeldValuesAsync(current, dropped);
            if (held.Count > 0 && !purgeRemovedValues)
            {
                var detail = string.Join("; ", held.Select(h => $"{h.Value} user(s) hold values of '{h.Key}'"));
                return new TenantSettingsResult(null, new ScimFault(409, null,
                    $"{detail}. Removing or retyping an attribute would lose them: pass purge=true to delete those values deliberately."));
            }

            foreach (var name in held.Keys)
            {
                await store.RemoveExtensionValuesAsync(Tenant, current.CustomSchemaUrn!, name);
            }
        }

        var updated = proposed with { Version = current.Version + 1 };
        state.State = state.State with { Settings = updated };
        await state.WriteStateAsync();
        // Every token learns the new version, so the next request through any silo applies it.
        await Task.WhenAll(state.State.TokenIds.Select(id => grains.GetGrain<ITokenGrain>(id).NotifySettingsVersion(updated.Version)));
        return new TenantSettingsResult(updated, null);
    }

    /// <summary>Attributes whose stored values the proposal would orphan: removed, retyped, or moved to another URN.</summary>
    private static List<string> DroppedAttributes(TenantSettings current, TenantSettings proposed)
    {
        if (current.CustomSchemaUrn is null)
        {
            return [];
        }

        var sameUrn = string.Equals(current.CustomSchemaUrn, proposed.CustomSchemaUrn, StringComparison.OrdinalIgnoreCase);
        return
        [
            .. current.CustomAttributes
                .Where(old => !sameUrn || proposed.CustomAttributes.FirstOrDefault(p => string.Equals(p.Name, old.Name, StringComparison.OrdinalIgnoreCase)) is not { } kept
                    || kept.Type != old.Type || kept.MultiValued != old.MultiValued)
                .Select(old => old.Name),
        ];
    }

    private async Task<Dictionary<string, int>> CountHeldValuesAsync(TenantSettings current, List<string> names)
    {
        var schema = TenantSchemaBuilder.UserSchema(current);
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var present = new PresentFilter(new AttributePath(current.CustomSchemaUrn, name, null));
            var found = await store.QueryAsync(Tenant, schema, new ResourceQuery(present, null, false, 1, 0));
            if (found.TotalResults > 0)
            {
                held[name] = found.TotalResults;
            }
        }

        return held;
    }

    private void ValidateToken(string name, DateTimeOffset? expiresAt, string? domain)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("A token needs a name of 1 to 100 characters.");
        }

        var now = time.GetUtcNow();
        var maxDays = state.State.Settings.MaxTokenLifetimeDays;
        if (expiresAt is not { } expires || expires <= now)
        {
            throw new ArgumentException("A token needs an expiry in the future.");
        }

        if (expires > now.AddDays(maxDays))
        {
            throw new ArgumentException($"A token may live at most {maxDays} days.");
        }

        if (domain is not null && !DomainPolicy.IsValidDomain(domain.Trim()))
        {
            throw new ArgumentException($"'{domain}' is not a domain name.");
        }
    }

    private async Task<TokenInfo> RememberAsync(string tokenId)
    {
        if (!state.State.TokenIds.Contains(tokenId))
        {
            state.State = state.State with { TokenIds = [.. state.State.TokenIds, tokenId] };
            await state.WriteStateAsync();
        }

        var token = grains.GetGrain<ITokenGrain>(tokenId);
        await token.NotifySettingsVersion(state.State.Settings.Version);
        return (await token.GetInfo())!;
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new InvalidOperationException($"Tenant '{Tenant}' does not exist.");
        }
    }
}
