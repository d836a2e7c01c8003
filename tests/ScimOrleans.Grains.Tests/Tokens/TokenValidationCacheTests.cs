using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;
using ScimOrleans.Grains.Tokens;

namespace ScimOrleans.Grains.Tests.Tokens;

/// <summary>
/// A silo's cache of token validations answers from memory, yet a revocation, an expiry or a
/// settings change applies to the very next validation, and uses are still counted.
/// </summary>
[Collection(ScimClusterCollection.Name)]
public sealed class TokenValidationCacheTests(ScimCluster cluster)
{
    private const int ManyRequests = 200;

    private async Task<(ITenantGrain Tenant, IssuedToken Token)> IssueAsync(TimeSpan lifetime)
    {
        var tenant = cluster.Client.GetGrain<ITenantGrain>("t" + Guid.NewGuid().ToString("N")[..12]);
        Assert.True(await tenant.Create());
        return (tenant, await tenant.IssueToken("Okta", cluster.Time.GetUtcNow() + lifetime, null));
    }

    private static Task<TokenValidation> ValidateAsync(TokenValidationCache cache, string value)
    {
        Assert.True(TokenFormat.TryParse(value, out var id, out var secret));
        return cache.ValidateAsync(id, secret).AsTask();
    }

    private TokenValidationCache NewCache() => new(cluster.Client, cluster.Time);

    [Fact]
    public async Task A_revoked_token_is_refused_on_the_next_validation_after_many_cached_ones()
    {
        var (tenant, token) = await IssueAsync(TimeSpan.FromDays(30));
        var cache = NewCache();
        for (var i = 0; i < ManyRequests; i++)
        {
            Assert.True((await ValidateAsync(cache, token.Value)).IsValid);
        }

        await tenant.RevokeToken(token.Info.Id);

        Assert.Equal("token revoked", (await ValidateAsync(cache, token.Value)).Failure);
    }

    [Fact]
    public async Task Every_silo_cache_that_accepted_a_token_refuses_it_once_revoked()
    {
        var (tenant, token) = await IssueAsync(TimeSpan.FromDays(30));
        var caches = new[] { NewCache(), NewCache(), NewCache() };
        foreach (var cache in caches)
        {
            Assert.True((await ValidateAsync(cache, token.Value)).IsValid);
            Assert.True((await ValidateAsync(cache, token.Value)).IsValid);
        }

        await tenant.RevokeToken(token.Info.Id);

        foreach (var cache in caches)
        {
            Assert.False((await ValidateAsync(cache, token.Value)).IsValid);
        }
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_its_expiry_passes()
    {
        // Expiring well within the cache's lease, so the cache itself must notice.
        var lifetime = TokenValidationCache.Lease / 5;
        var (_, token) = await IssueAsync(lifetime);
        var cache = NewCache();
        Assert.True((await ValidateAsync(cache, token.Value)).IsValid);
        Assert.True((await ValidateAsync(cache, token.Value)).IsValid);

        cluster.Time.Advance(lifetime);

        Assert.Equal("token expired", (await ValidateAsync(cache, token.Value)).Failure);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_even_while_the_token_is_cached()
    {
        var (_, token) = await IssueAsync(TimeSpan.FromDays(30));
        var cache = NewCache();
        Assert.True((await ValidateAsync(cache, token.Value)).IsValid);

        Assert.False((await ValidateAsync(cache, TokenFormat.Compose(token.Info.Id, "not-the-secret"))).IsValid);
        Assert.True((await ValidateAsync(cache, token.Value)).IsValid);
    }

    [Fact]
    public async Task A_settings_change_is_reported_by_the_next_validation()
    {
        var (tenant, token) = await IssueAsync(TimeSpan.FromDays(30));
        var cache = NewCache();
        var before = (await ValidateAsync(cache, token.Value)).SettingsVersion;
        Assert.Equal(before, (await ValidateAsync(cache, token.Value)).SettingsVersion);

        var updated = (await tenant.UpdateSettings((await tenant.GetSettings()) with { GroupsEnabled = false }, false)).Settings!;

        Assert.True(updated.Version > before);
        Assert.Equal(updated.Version, (await ValidateAsync(cache, token.Value)).SettingsVersion);
    }

    [Fact]
    public async Task Uses_answered_from_the_cache_are_counted_by_the_grain()
    {
        var (_, token) = await IssueAsync(TimeSpan.FromDays(30));
        var cache = NewCache();
        for (var i = 0; i < ManyRequests; i++)
        {
            Assert.True((await ValidateAsync(cache, token.Value)).IsValid);
        }

        var info = await cluster.Client.GetGrain<ITokenGrain>(token.Info.Id).GetInfo();

        Assert.Equal(ManyRequests, info!.UseCount);
        Assert.Equal(cluster.Time.GetUtcNow(), info.LastUsedAt);
    }
}
