using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;

namespace ScimOrleans.Grains.Tests.Resources;

[Collection(ScimClusterCollection.Name)]
public sealed class GroupGrainTests(ScimCluster cluster)
{
    private const string Tenant = "groups";

    private async Task<string> CreateUserAsync(string userName)
    {
        var key = Bodies.NewKey(Tenant);
        (await cluster.Client.GetGrain<IUserGrain>(key).Create(Bodies.User(userName), Bodies.Caller)).Document();
        return ResourceKey.Parse(key).Id;
    }

    [Fact]
    public async Task Fifty_concurrent_patches_adding_distinct_members_all_survive()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => CreateUserAsync($"member-{i}@example.com")));
        var group = cluster.Client.GetGrain<IGroupGrain>(Bodies.NewKey(Tenant));
        (await group.Create(Bodies.Group("Everyone"), Bodies.Caller)).Document();

        var results = await Task.WhenAll(users.Select(id =>
            group.Patch(Bodies.Patch($$"""{"op":"add","path":"members","value":[{"value":"{{id}}"}]}"""), null, Bodies.Caller)));
        Assert.All(results, r => Assert.Null(r.Fault));

        var stored = await cluster.Store.GetAsync(Tenant, "Group", ResourceKey.Parse(group.GetPrimaryKeyString()).Id);
        var members = stored!.Document["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(users.ToHashSet(), members);
    }

    [Fact]
    public async Task A_member_that_does_not_exist_is_rejected_and_nothing_is_stored()
    {
        var group = cluster.Client.GetGrain<IGroupGrain>(Bodies.NewKey(Tenant));
        var result = await group.Create(Bodies.Group("Ghosts", Guid.NewGuid().ToString()), Bodies.Caller);
        Assert.Equal(400, result.Fault?.Status);
        Assert.Equal("invalidValue", result.Fault?.ScimType);
        Assert.Null(await cluster.Store.GetAsync(Tenant, "Group", ResourceKey.Parse(group.GetPrimaryKeyString()).Id));
    }

    [Fact]
    public async Task Group_grain_with_a_stale_copy_after_a_member_is_deleted_does_not_bring_it_back()
    {
        var keep = await CreateUserAsync("keep@example.com");
        var leaverKey = Bodies.NewKey(Tenant);
        (await cluster.Client.GetGrain<IUserGrain>(leaverKey).Create(Bodies.User("leaver@example.com"), Bodies.Caller)).Document();
        var leaver = ResourceKey.Parse(leaverKey).Id;
        var group = cluster.Client.GetGrain<IGroupGrain>(Bodies.NewKey(Tenant));
        (await group.Create(Bodies.Group("Team", keep, leaver), Bodies.Caller)).Document();

        // The user's deletion removes the membership in the store, behind the group grain's back.
        Assert.Null((await cluster.Client.GetGrain<IUserGrain>(leaverKey).Delete(null, Bodies.Caller)).Fault);

        var renamed = (await group.Patch(Bodies.Patch("""{"op":"replace","path":"displayName","value":"Team 2"}"""), null, Bodies.Caller)).Document();
        Assert.Equal("Team 2", renamed["displayName"]!.GetValue<string>());
        var members = renamed["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()).ToList();
        Assert.Equal([keep], members);
    }

    [Fact]
    public async Task User_groups_show_direct_and_indirect_memberships()
    {
        var user = await CreateUserAsync("nested@example.com");
        var inner = cluster.Client.GetGrain<IGroupGrain>(Bodies.NewKey(Tenant));
        var innerId = ResourceKey.Parse(inner.GetPrimaryKeyString()).Id;
        (await inner.Create(Bodies.Group("Inner", user), Bodies.Caller)).Document();
        var outer = cluster.Client.GetGrain<IGroupGrain>(Bodies.NewKey(Tenant));
        var outerId = ResourceKey.Parse(outer.GetPrimaryKeyString()).Id;
        (await outer.Create(Bodies.Group("Outer", innerId), Bodies.Caller)).Document();

        var stored = await cluster.Store.GetAsync(Tenant, "User", user);
        var groups = stored!.Document["groups"]!.AsArray()
            .ToDictionary(g => g!["value"]!.GetValue<string>(), g => g!["type"]!.GetValue<string>());
        Assert.Equal("direct", groups[innerId]);
        Assert.Equal("indirect", groups[outerId]);
    }
}
