using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;

namespace ScimOrleans.Grains.Tests.Tokens;

[Collection(ScimClusterCollection.Name)]
public sealed class TokenGrainTests(ScimCluster cluster)
{
    private async Task<ITenantGrain> NewTenantAsync()
    {
        var tenant = cluster.Client.GetGrain<ITenantGrain>("t" + Guid.NewGuid().ToString("N")[..12]);
        Assert.True(await tenant.Create());
        return tenant;
    }

    private async Task<TokenValidation> ValidateAsync(string value)
    {
        Assert.True(TokenFormat.TryParse(value, out var id, out var secret));
        return await cluster.Client.GetGrain<ITokenGrain>(id).Validate(secret);
    }

    [Fact]
    public async Task Issued_token_is_accepted_for_its_tenant_and_its_secret_is_not_stored()
    {
        var tenant = await NewTenantAsync();
        var issued = await tenant.IssueToken("Okta Production", cluster.Time.GetUtcNow().AddDays(30), "acme.test");
        var validation = await ValidateAsync(issued.Value);
        Assert.True(validation.IsValid);
        Assert.Equal(tenant.GetPrimaryKeyString(), validation.Tenant);
        Assert.Equal("acme.test", validation.Domain);
        Assert.DoesNotContain(issued.Value, (await tenant.ListTokens()).Select(t => t.ToString()));
    }

    [Fact]
    public async Task Wrong_secret_for_a_real_token_id_is_rejected()
    {
        var tenant = await NewTenantAsync();
        var issued = await tenant.IssueToken("Entra", cluster.Time.GetUtcNow().AddDays(30), null);
        Assert.True(TokenFormat.TryParse(issued.Value, out var id, out _));
        Assert.False((await ValidateAsync(TokenFormat.Compose(id, "not-the-secret"))).IsValid);
    }

    [Fact]
    public async Task Revoked_token_is_rejected_and_listed_as_revoked()
    {
        var tenant = await NewTenantAsync();
        var issued = await tenant.IssueToken("Staging", cluster.Time.GetUtcNow().AddDays(30), null);
        await tenant.RevokeToken(issued.Info.Id);
        Assert.Equal("token revoked", (await ValidateAsync(issued.Value)).Failure);
        Assert.Equal(TokenStatus.Revoked, Assert.Single(await tenant.ListTokens()).Status);
    }

    [Fact]
    public async Task Token_is_rejected_once_its_expiry_passes()
    {
        var tenant = await NewTenantAsync();
        var issued = await tenant.IssueToken("Short", cluster.Time.GetUtcNow().AddDays(1), null);
        Assert.True((await ValidateAsync(issued.Value)).IsValid);
        cluster.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal("token expired", (await ValidateAsync(issued.Value)).Failure);
    }

    [Fact]
    public async Task Static_token_registration_is_idempotent_and_bound_to_one_tenant()
    {
        var tenant = await NewTenantAsync();
        var value = "static-" + Guid.NewGuid().ToString("N");
        await tenant.RegisterStaticToken(value, "Bootstrap");
        await tenant.RegisterStaticToken(value, "Bootstrap");
        Assert.Single(await tenant.ListTokens());
        Assert.True((await ValidateAsync(value)).IsValid);

        var other = await NewTenantAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => other.RegisterStaticToken(value, "Stolen"));
    }
}
