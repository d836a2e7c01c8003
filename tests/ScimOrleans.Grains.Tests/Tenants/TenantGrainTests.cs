using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;

namespace ScimOrleans.Grains.Tests.Tenants;

[Collection(ScimClusterCollection.Name)]
public sealed class TenantGrainTests(ScimCluster cluster)
{
    private const string Urn = "urn:scim:skillcast:User";

    private async Task<(ITenantGrain Grain, string Id)> NewTenantAsync()
    {
        var id = "s" + Guid.NewGuid().ToString("N")[..12];
        var tenant = cluster.Client.GetGrain<ITenantGrain>(id);
        Assert.True(await tenant.Create());
        return (tenant, id);
    }

    private static CustomAttribute Attribute(string name, string type = "string") => new(name, type, false, false, [], null);

    [Fact]
    public async Task Create_is_idempotent_and_rejects_invalid_ids()
    {
        var (tenant, _) = await NewTenantAsync();
        Assert.False(await tenant.Create());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => cluster.Client.GetGrain<ITenantGrain>("Not_Valid").Create());
    }

    [Fact]
    public async Task Token_expiry_beyond_the_tenant_maximum_is_refused()
    {
        var (tenant, _) = await NewTenantAsync();
        var settings = await tenant.GetSettings();
        Assert.Null((await tenant.UpdateSettings(settings with { MaxTokenLifetimeDays = 30 }, false)).Fault);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => tenant.IssueToken("Too long", cluster.Time.GetUtcNow().AddDays(31), null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => tenant.IssueToken("Past", cluster.Time.GetUtcNow().AddDays(-1), null));
        Assert.NotNull(await tenant.IssueToken("Fine", cluster.Time.GetUtcNow().AddDays(30), null));
    }

    [Fact]
    public async Task Settings_update_bumps_the_version_that_tokens_report()
    {
        var (tenant, _) = await NewTenantAsync();
        var issued = await tenant.IssueToken("Okta", cluster.Time.GetUtcNow().AddDays(10), null);
        Assert.True(TokenFormat.TryParse(issued.Value, out var id, out var secret));
        var before = (await cluster.Client.GetGrain<ITokenGrain>(id).Validate(secret)).SettingsVersion;

        var settings = await tenant.GetSettings();
        var updated = (await tenant.UpdateSettings(settings with { GroupsEnabled = false }, false)).Settings!;

        Assert.Equal(before + 1, updated.Version);
        Assert.Equal(updated.Version, (await cluster.Client.GetGrain<ITokenGrain>(id).Validate(secret)).SettingsVersion);
    }

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User", "Division", "string")]
    [InlineData("not-a-urn", "Division", "string")]
    [InlineData(Urn, "1bad", "string")]
    [InlineData(Urn, "Division", "float")]
    public async Task Invalid_custom_attributes_are_refused_with_invalidValue(string urn, string name, string type)
    {
        var (tenant, _) = await NewTenantAsync();
        var settings = await tenant.GetSettings();
        var result = await tenant.UpdateSettings(settings with { CustomSchemaUrn = urn, CustomAttributes = [Attribute(name, type)] }, false);
        Assert.Equal(400, result.Fault?.Status);
        Assert.Equal("invalidValue", result.Fault?.ScimType);
        Assert.Equal(settings, await tenant.GetSettings());
    }

    [Fact]
    public async Task Removing_an_attribute_that_users_hold_needs_an_explicit_purge()
    {
        var (tenant, id) = await NewTenantAsync();
        var settings = (await tenant.UpdateSettings((await tenant.GetSettings()) with
        {
            CustomSchemaUrn = Urn,
            CustomAttributes = [Attribute("Division"), Attribute("Region")],
        }, false)).Settings!;
        var user = cluster.Client.GetGrain<IUserGrain>(ResourceKey.For(id, Guid.NewGuid().ToString()));
        var body = $$$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","{{{Urn}}}"],"userName":"held@example.com","{{{Urn}}}":{"Division":"Sales"}}""";
        var created = await user.Create(body, Bodies.Caller with { SettingsVersion = settings.Version });
        Assert.Equal("Sales", created.Document()[Urn]!["Division"]!.GetValue<string>());

        var withoutDivision = settings with { CustomAttributes = [Attribute("Region")] };
        var refused = await tenant.UpdateSettings(withoutDivision, false);
        Assert.Equal(409, refused.Fault?.Status);
        Assert.Contains("Division", refused.Fault!.Detail);

        var purged = await tenant.UpdateSettings(withoutDivision, true);
        Assert.Null(purged.Fault);
        var stored = await cluster.Store.GetAsync(id, "User", ResourceKey.Parse(user.GetPrimaryKeyString()).Id);
        Assert.Null(stored!.Document[Urn]);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Retyping_an_unused_attribute_needs_no_purge()
    {
        var (tenant, _) = await NewTenantAsync();
        var settings = (await tenant.UpdateSettings((await tenant.GetSettings()) with
        {
            CustomSchemaUrn = Urn,
            CustomAttributes = [Attribute("Level", "string")],
        }, false)).Settings!;
        Assert.Null((await tenant.UpdateSettings(settings with { CustomAttributes = [Attribute("Level", "integer")] }, false)).Fault);
    }

    [Fact]
    public async Task Role_mappings_must_name_a_role_of_the_catalogue()
    {
        var (tenant, _) = await NewTenantAsync();
        var settings = await tenant.GetSettings();
        var result = await tenant.UpdateSettings(settings with { Roles = ["global-admin"], RoleMappings = [new RoleMapping("Admins", "reporting-viewer")] }, false);
        Assert.Equal(400, result.Fault?.Status);
    }

    [Fact]
    public async Task Read_modify_write_on_stale_settings_is_refused_with_412()
    {
        var (tenant, _) = await NewTenantAsync();
        var read = await tenant.GetSettings();
        Assert.Null((await tenant.UpdateSettings(read with { GroupsEnabled = false }, false)).Fault);

        var stale = await tenant.UpdateSettings(read with { Roles = ["global-admin"] }, false);

        Assert.Equal(412, stale.Fault?.Status);
        Assert.False((await tenant.GetSettings()).GroupsEnabled);
    }
}
