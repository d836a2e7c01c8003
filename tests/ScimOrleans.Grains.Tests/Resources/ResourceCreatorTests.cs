using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;

namespace ScimOrleans.Grains.Tests.Resources;

/// <summary>Creates through the stateless creator: same rules as the resource's grain, no activation of it.</summary>
[Collection(ScimClusterCollection.Name)]
public sealed class ResourceCreatorTests(ScimCluster cluster)
{
    private const string Tenant = "creator";

    private IResourceCreatorGrain Creator => cluster.Client.GetGrain<IResourceCreatorGrain>(0);

    [Fact]
    public async Task Created_user_is_stored_and_its_grain_writes_it_afterwards()
    {
        var key = Bodies.NewKey(Tenant);
        var created = (await Creator.Create(key, "User", Bodies.User("made@example.com"), Bodies.Caller)).Document();
        Assert.Equal("W/\"1\"", created["meta"]!["version"]!.GetValue<string>());

        var patched = (await cluster.Client.GetGrain<IUserGrain>(key)
            .Patch(Bodies.Patch("""{"op":"replace","path":"displayName","value":"Made"}"""), "W/\"1\"", Bodies.Caller)).Document();
        Assert.Equal("Made", patched["displayName"]!.GetValue<string>());
        Assert.Equal("W/\"2\"", patched["meta"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_users_activates_none_of_their_grains()
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        async Task<int> UserActivationsAsync() =>
            (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(Grains.Resources.UserGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);

        var before = await UserActivationsAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Creator.Create(Bodies.NewKey(Tenant), "User", Bodies.User($"quiet{i}-{Guid.NewGuid():N}@example.com"), Bodies.Caller)));

        Assert.All(results, r => Assert.Null(r.Fault));
        Assert.Equal(before, await UserActivationsAsync());

        // The count does see a user grain: one created through its own grain stays activated.
        (await cluster.Client.GetGrain<IUserGrain>(Bodies.NewKey(Tenant)).Create(Bodies.User($"loud-{Guid.NewGuid():N}@example.com"), Bodies.Caller)).Document();
        Assert.Equal(before + 1, await UserActivationsAsync());
    }

    [Fact]
    public async Task Concurrent_creates_of_one_userName_through_the_creator_give_one_user()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Creator.Create(Bodies.NewKey(Tenant), "User", Bodies.User(i % 2 == 0 ? "Twin@Example.com" : "twin@example.COM"), Bodies.Caller)));

        Assert.Single(results, r => r.Fault is null);
        Assert.All(results.Where(r => r.Fault is not null), r => Assert.Equal("uniqueness", r.Fault!.ScimType));
    }

    [Fact]
    public async Task Invalid_body_is_a_scim_error_and_stores_nothing()
    {
        var key = Bodies.NewKey(Tenant);
        var result = await Creator.Create(key, "User", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}""", Bodies.Caller);

        Assert.Equal(400, result.Fault?.Status);
        Assert.Null(await cluster.Store.GetAsync(Tenant, "User", ResourceKey.Parse(key).Id));
    }
}
