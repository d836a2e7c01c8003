using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tests.Infrastructure;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Tests.Resources;

/// <summary>
/// Requests that reach one resource grain while its write is in flight are applied in memory and
/// stored together; every caller is still answered on its own, only after its change is stored.
/// </summary>
[Collection(ScimClusterCollection.Name)]
public sealed class WriteQueueTests(ScimCluster cluster)
{
    private const string Tenant = "queue";

    [Fact]
    public async Task Concurrent_patches_share_writes_but_each_leaves_its_own_activity_entry()
    {
        var (grain, id) = await NewUserAsync("folded@example.com");
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => grain.Patch(AddEmail($"f{i}@example.com"), null, Bodies.Caller)));

        var stored = await cluster.Store.GetAsync(Tenant, "User", id);
        Assert.Equal(40, Emails(stored!.Document).Count);
        Assert.True(stored.Version < 41, $"40 patches took {stored.Version - 1} writes");
        var entries = await cluster.Store.QueryActivityAsync(Tenant, new ActivityQuery(Count: 100, ResourceId: id, Operation: "PATCH"));
        Assert.Equal(40, entries.Entries.Count(e => e.Status == 200));
        Assert.All(results, r => Assert.Null(r.Fault));
    }

    [Fact]
    public async Task Each_answer_holds_its_own_change_and_the_version_it_was_stored_at()
    {
        var (grain, id) = await NewUserAsync("answers@example.com");
        var emails = Enumerable.Range(0, 30).Select(i => $"a{i}@example.com").ToArray();
        var results = await Task.WhenAll(emails.Select(email => grain.Patch(AddEmail(email), null, Bodies.Caller)));

        var final = await cluster.Store.GetAsync(Tenant, "User", id);
        for (var i = 0; i < emails.Length; i++)
        {
            var document = results[i].Document();
            Assert.Contains(emails[i], Emails(document));
            Assert.InRange(results[i].Resource!.Version, 2, final!.Version);
        }
    }

    [Fact]
    public async Task A_refused_change_among_concurrent_ones_fails_alone()
    {
        await NewUserAsync("taken@example.com");
        var (grain, id) = await NewUserAsync("keeps-name@example.com");
        var clash = Bodies.Patch("""{"op":"replace","path":"userName","value":"TAKEN@example.com"}""");
        var requests = Enumerable.Range(0, 20)
            .Select(i => i == 7 ? grain.Patch(clash, null, Bodies.Caller) : grain.Patch(AddEmail($"r{i}@example.com"), null, Bodies.Caller))
            .ToArray();
        var results = await Task.WhenAll(requests);

        Assert.Equal(409, results[7].Fault?.Status);
        Assert.Equal("uniqueness", results[7].Fault?.ScimType);
        Assert.Equal(19, results.Count(r => r.Fault is null));
        var stored = await cluster.Store.GetAsync(Tenant, "User", id);
        Assert.Equal("keeps-name@example.com", stored!.Document["userName"]!.GetValue<string>());
        Assert.Equal(19, Emails(stored.Document).Count);
    }

    [Fact]
    public async Task An_invalid_patch_among_concurrent_ones_is_400_and_the_others_land()
    {
        var (grain, id) = await NewUserAsync("invalid-among@example.com");
        var invalid = Bodies.Patch("""{"op":"replace","path":"id","value":"nope"}""");
        var results = await Task.WhenAll(Enumerable.Range(0, 15)
            .Select(i => grain.Patch(i == 3 ? invalid : AddEmail($"i{i}@example.com"), null, Bodies.Caller)));

        Assert.Equal(400, results[3].Fault?.Status);
        var stored = await cluster.Store.GetAsync(Tenant, "User", id);
        Assert.Equal(14, Emails(stored!.Document).Count);
        Assert.Equal(id, stored.Document["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_If_Match_patch_racing_others_is_applied_or_412_never_half()
    {
        var (grain, id) = await NewUserAsync("if-match-race@example.com");
        var guarded = Bodies.Patch("""{"op":"replace","path":"title","value":"Guarded"}""");
        var requests = Enumerable.Range(0, 10).Select(i => grain.Patch(AddEmail($"m{i}@example.com"), null, Bodies.Caller)).ToList();
        requests.Insert(5, grain.Patch(guarded, "W/\"1\"", Bodies.Caller));
        var results = await Task.WhenAll(requests);

        var stored = await cluster.Store.GetAsync(Tenant, "User", id);
        Assert.Equal(10, Emails(stored!.Document).Count);
        if (results[5].Fault is { } fault)
        {
            Assert.Equal(412, fault.Status);
            Assert.Null(stored.Document["title"]);
        }
        else
        {
            Assert.Equal("Guarded", stored.Document["title"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Group_patches_queued_while_a_member_is_deleted_are_applied_to_the_fresh_copy()
    {
        var members = new List<(IUserGrain Grain, string Id)>();
        for (var i = 0; i < 12; i++)
        {
            members.Add(await NewUserAsync($"member{i}-{Guid.NewGuid():N}@example.com"));
        }

        var groupKey = Bodies.NewKey(Tenant);
        var group = cluster.Client.GetGrain<IGroupGrain>(groupKey);
        (await group.Create(Bodies.Group("Queued", members[0].Id), Bodies.Caller)).Document();

        // Deleting member 0 moves the group's version on in the store, behind the group grain's back.
        var adds = members.Skip(1).Select(m => group.Patch(
            Bodies.Patch($$"""{"op":"add","path":"members","value":[{"value":"{{m.Id}}"}]}"""), null, Bodies.Caller)).ToList();
        var delete = members[0].Grain.Delete(null, Bodies.Caller);
        var results = await Task.WhenAll(adds);
        Assert.Null((await delete).Fault);

        Assert.All(results, r => Assert.Null(r.Fault));
        var stored = await cluster.Store.GetAsync(Tenant, "Group", ResourceKey.Parse(groupKey).Id);
        var memberIds = stored!.Document["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()).ToHashSet();
        Assert.Equal(members.Skip(1).Select(m => m.Id).ToHashSet(), memberIds);
    }

    private async Task<(IUserGrain Grain, string Id)> NewUserAsync(string userName)
    {
        var key = Bodies.NewKey(Tenant);
        var grain = cluster.Client.GetGrain<IUserGrain>(key);
        (await grain.Create(Bodies.User(userName), Bodies.Caller)).Document();
        return (grain, ResourceKey.Parse(key).Id);
    }

    private static string AddEmail(string email) =>
        Bodies.Patch($$"""{"op":"add","path":"emails","value":[{"value":"{{email}}","type":"other"}]}""");

    private static HashSet<string> Emails(JsonObject document) =>
        document["emails"]?.AsArray().Select(e => e!["value"]!.GetValue<string>()).ToHashSet() ?? [];
}
