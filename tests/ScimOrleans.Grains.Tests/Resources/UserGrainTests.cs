using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;

namespace ScimOrleans.Grains.Tests.Resources;

[Collection(ScimClusterCollection.Name)]
public sealed class UserGrainTests(ScimCluster cluster)
{
    private const string Tenant = "grains";

    private IUserGrain NewUser(string tenant = Tenant) => cluster.Client.GetGrain<IUserGrain>(Bodies.NewKey(tenant));

    [Fact]
    public async Task Create_stores_the_user_at_version_1_with_meta()
    {
        var grain = NewUser();
        var document = (await grain.Create(Bodies.User("ada@example.com"), Bodies.Caller)).Document();
        Assert.Equal("ada@example.com", document["userName"]!.GetValue<string>());
        Assert.Equal("User", document["meta"]!["resourceType"]!.GetValue<string>());
        Assert.Equal("W/\"1\"", document["meta"]!["version"]!.GetValue<string>());
        Assert.NotNull(await cluster.Store.GetAsync(Tenant, "User", ResourceKey.Parse(grain.GetPrimaryKeyString()).Id));
    }

    [Fact]
    public async Task Fifty_concurrent_patches_adding_distinct_emails_all_survive()
    {
        var grain = NewUser();
        (await grain.Create(Bodies.User("many-emails@example.com"), Bodies.Caller)).Document();
        var patches = Enumerable.Range(0, 50).Select(i => grain.Patch(
            Bodies.Patch($$"""{"op":"add","path":"emails","value":[{"value":"e{{i}}@example.com","type":"other"}]}"""), null, Bodies.Caller));
        var results = await Task.WhenAll(patches);
        Assert.All(results, r => Assert.Null(r.Fault));

        var stored = await cluster.Store.GetAsync(Tenant, "User", ResourceKey.Parse(grain.GetPrimaryKeyString()).Id);
        var emails = stored!.Document["emails"]!.AsArray().Select(e => e!["value"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(50, emails.Count);
        Assert.InRange(stored.Version, 2, 51);
    }

    [Fact]
    public async Task Fifty_concurrent_creates_of_one_userName_give_exactly_one_user()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            NewUser().Create(Bodies.User(i % 2 == 0 ? "Race@Example.com" : "race@example.COM"), Bodies.Caller)));
        Assert.Single(results, r => r.Fault is null);
        Assert.All(results.Where(r => r.Fault is not null), r =>
        {
            Assert.Equal(409, r.Fault!.Status);
            Assert.Equal("uniqueness", r.Fault.ScimType);
        });
    }

    [Fact]
    public async Task Patch_with_stale_If_Match_is_412_and_changes_nothing()
    {
        var grain = NewUser();
        (await grain.Create(Bodies.User("etag@example.com"), Bodies.Caller)).Document();
        (await grain.Patch(Bodies.Patch("""{"op":"replace","path":"displayName","value":"One"}"""), "W/\"1\"", Bodies.Caller)).Document();

        var stale = await grain.Patch(Bodies.Patch("""{"op":"replace","path":"displayName","value":"Two"}"""), "W/\"1\"", Bodies.Caller);
        Assert.Equal(412, stale.Fault?.Status);
        var stored = await cluster.Store.GetAsync(Tenant, "User", ResourceKey.Parse(grain.GetPrimaryKeyString()).Id);
        Assert.Equal("One", stored!.Document["displayName"]!.GetValue<string>());
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Patch_that_changes_nothing_keeps_the_version()
    {
        var grain = NewUser();
        (await grain.Create(Bodies.User("noop@example.com", "\"displayName\":\"Same\""), Bodies.Caller)).Document();
        var result = (await grain.Patch(Bodies.Patch("""{"op":"replace","path":"displayName","value":"Same"}"""), null, Bodies.Caller)).Document();
        Assert.Equal("W/\"1\"", result["meta"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failing_patch_operation_leaves_the_user_unchanged()
    {
        var grain = NewUser();
        (await grain.Create(Bodies.User("atomic@example.com"), Bodies.Caller)).Document();
        var result = await grain.Patch(Bodies.Patch(
            """{"op":"replace","path":"displayName","value":"Changed"}""",
            """{"op":"replace","path":"id","value":"nope"}"""), null, Bodies.Caller);
        Assert.Equal(400, result.Fault?.Status);
        Assert.Equal("mutability", result.Fault?.ScimType);
        var stored = await cluster.Store.GetAsync(Tenant, "User", ResourceKey.Parse(grain.GetPrimaryKeyString()).Id);
        Assert.Null(stored!.Document["displayName"]);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task Operations_on_a_missing_user_are_404()
    {
        var grain = NewUser();
        Assert.Equal(404, (await grain.Replace(Bodies.User("ghost@example.com"), null, Bodies.Caller)).Fault?.Status);
        Assert.Equal(404, (await grain.Patch(Bodies.Patch("""{"op":"add","path":"title","value":"x"}"""), null, Bodies.Caller)).Fault?.Status);
        Assert.Equal(404, (await grain.Delete(null, Bodies.Caller)).Fault?.Status);
    }

    [Fact]
    public async Task Delete_removes_the_user_and_a_second_delete_is_404()
    {
        var grain = NewUser();
        (await grain.Create(Bodies.User("gone@example.com"), Bodies.Caller)).Document();
        var deleted = await grain.Delete(null, Bodies.Caller);
        Assert.Null(deleted.Fault);
        Assert.Null(deleted.Resource);
        Assert.Null(await cluster.Store.GetAsync(Tenant, "User", ResourceKey.Parse(grain.GetPrimaryKeyString()).Id));
        Assert.Equal(404, (await NewUserAt(grain.GetPrimaryKeyString()).Delete(null, Bodies.Caller)).Fault?.Status);
    }

    [Fact]
    public async Task Malformed_json_is_invalidSyntax()
    {
        var result = await NewUser().Create("{\"userName\":", Bodies.Caller);
        Assert.Equal(400, result.Fault?.Status);
        Assert.Equal("invalidSyntax", result.Fault?.ScimType);
    }

    private IUserGrain NewUserAt(string key) => cluster.Client.GetGrain<IUserGrain>(key);
}
