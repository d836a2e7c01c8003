using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public abstract class ActivityTestsBase(StoreDatabase database) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private readonly StoreDatabase _database = database;
    private ISqlResourceStore _store = null!;

    public async Task InitializeAsync() => _store = await _database.OpenStoreAsync();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    private DateTimeOffset Now => _database.Time.GetUtcNow();

    private ActivityEntry Entry(string operation, string? resourceId, int status = 200, string? tokenName = "okta", string tenant = Tenant, JsonObject? changes = null) =>
        new(tenant, Now, tokenName is null ? null : "tok-" + tokenName, tokenName, operation, "User", resourceId, status,
            status >= 400 ? ScimErrorTypes.Uniqueness : null, status >= 400 ? "failed" : null, changes);

    private Task<ActivityPage> Query(ActivityQuery query) => _store.QueryActivityAsync(Tenant, query);

    [Fact]
    public async Task An_entry_given_with_a_write_is_stored_with_it()
    {
        var id = NewId();
        var changes = new JsonObject { ["userName"] = new JsonObject { ["new"] = "alice" }, ["password"] = "***" };
        await _store.CreateAsync(User(Tenant, id, "alice") with { Kind = "learner", Activity = [Entry("Create", id, 201, changes: changes)] });
        await _store.ReplaceAsync(User(Tenant, id, "alice") with { Activity = [Entry("Replace", id)] }, 1);
        Assert.True(await _store.DeleteAsync(Tenant, "User", id, 2, Entry("Delete", id, 204)));

        var page = await Query(new ActivityQuery());

        Assert.Equal(["Delete", "Replace", "Create"], page.Entries.Select(e => e.Operation));
        Assert.Null(page.NextBefore);
        var create = page.Entries[2];
        Assert.Equal(Tenant, create.Tenant);
        Assert.Equal(Now, create.Time);
        Assert.Equal("tok-okta", create.TokenId);
        Assert.Equal("okta", create.TokenName);
        Assert.Equal("User", create.ResourceType);
        Assert.Equal(id, create.ResourceId);
        Assert.Equal(201, create.Status);
        Assert.True(create.Succeeded);
        Assert.True(JsonNode.DeepEquals(changes, create.Changes));
        Assert.True(page.Entries[0].Sequence > page.Entries[1].Sequence && page.Entries[1].Sequence > create.Sequence);
    }

    [Fact]
    public async Task A_write_that_fails_or_finds_a_stale_version_leaves_no_entry()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "bob"));

        await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(User(Tenant, NewId(), "BOB") with { Activity = [Entry("Create", null, 201)] }));
        await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(Group(Tenant, NewId(), "G", NewId()) with { Activity = [Entry("Create", null, 201)] }));
        Assert.Null(await _store.ReplaceAsync(User(Tenant, id, "bob") with { Activity = [Entry("Replace", id)] }, 7));
        Assert.Null(await _store.ReplaceAsync(User(Tenant, NewId(), "ghost") with { Activity = [Entry("Replace", id)] }, 1));
        Assert.False(await _store.DeleteAsync(Tenant, "User", id, 7, Entry("Delete", id, 204)));

        Assert.Empty((await Query(new ActivityQuery())).Entries);
    }

    [Fact]
    public async Task A_failed_write_in_a_batch_does_not_take_the_other_writes_entries_with_it()
    {
        await _store.CreateAsync(User(Tenant, NewId(), "taken"));
        var ok = NewId();
        // Queued together, so they very likely share one group commit.
        var writes = new[]
        {
            _store.CreateAsync(User(Tenant, ok, "fresh") with { Activity = [Entry("Create", ok, 201)] }),
            _store.CreateAsync(User(Tenant, NewId(), "TAKEN") with { Activity = [Entry("Create", null, 201)] }),
            _store.AppendActivityAsync(Entry("Create", null, 409)),
        };
        await Assert.ThrowsAsync<ScimException>(() => Task.WhenAll(writes));

        var page = await Query(new ActivityQuery());
        Assert.Equal([409, 201], page.Entries.Select(e => e.Status));
        Assert.Equal(ok, page.Entries[1].ResourceId);
    }

    [Fact]
    public async Task Pages_go_newest_first_and_continue_before_the_last_sequence()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.AppendActivityAsync(Entry("Op" + i, null));
        }

        await _store.AppendActivityAsync(Entry("Elsewhere", null, tenant: "globex"));

        var first = await Query(new ActivityQuery(Count: 3));
        Assert.Equal(["Op6", "Op5", "Op4"], first.Entries.Select(e => e.Operation));
        Assert.Equal(first.Entries[^1].Sequence, first.NextBefore);
        var second = await Query(new ActivityQuery(Count: 3, Before: first.NextBefore));
        Assert.Equal(["Op3", "Op2", "Op1"], second.Entries.Select(e => e.Operation));
        Assert.NotNull(second.NextBefore);
        var last = await Query(new ActivityQuery(Count: 3, Before: second.NextBefore));
        Assert.Equal(["Op0"], last.Entries.Select(e => e.Operation));
        Assert.Null(last.NextBefore);

        // Exactly a page left: no further page is announced.
        var exact = await Query(new ActivityQuery(Count: 7));
        Assert.Equal(7, exact.Entries.Count);
        Assert.Null(exact.NextBefore);
    }

    [Fact]
    public async Task Count_is_clamped_to_1_through_500()
    {
        for (var i = 0; i < 502; i++)
        {
            await _store.AppendActivityAsync(Entry("Op", null));
        }

        Assert.Single((await Query(new ActivityQuery(Count: 0))).Entries);
        Assert.Single((await Query(new ActivityQuery(Count: -5))).Entries);
        var max = await Query(new ActivityQuery(Count: 10_000));
        Assert.Equal(500, max.Entries.Count);
        Assert.NotNull(max.NextBefore);
    }

    [Fact]
    public async Task Filters_narrow_the_log()
    {
        var start = Now;
        await _store.AppendActivityAsync(Entry("Create", "u1", 201, "okta"));
        _database.Time.Advance(TimeSpan.FromHours(1));
        await _store.AppendActivityAsync(Entry("Patch", "u1", 200, "entra"));
        _database.Time.Advance(TimeSpan.FromHours(1));
        await _store.AppendActivityAsync(Entry("Create", "u2", 409, "okta"));
        _database.Time.Advance(TimeSpan.FromHours(1));
        await _store.AppendActivityAsync(Entry("TokenRevoked", null, 200, null));

        async Task<List<string>> Ops(ActivityQuery query) =>
            [.. (await Query(query)).Entries.Select(e => $"{e.Operation}:{e.ResourceId}")];

        Assert.Equal(["Patch:u1", "Create:u1"], await Ops(new ActivityQuery(ResourceId: "u1")));
        Assert.Equal(["Create:u2", "Create:u1"], await Ops(new ActivityQuery(TokenName: "okta")));
        Assert.Equal(["Create:u2", "Create:u1"], await Ops(new ActivityQuery(Operation: "Create")));
        Assert.Empty(await Ops(new ActivityQuery(Operation: "create")));
        Assert.Equal(["Create:u2"], await Ops(new ActivityQuery(Succeeded: false)));
        Assert.Equal(["TokenRevoked:", "Patch:u1", "Create:u1"], await Ops(new ActivityQuery(Succeeded: true)));
        // From is inclusive, To exclusive.
        Assert.Equal(["Create:u2", "Patch:u1"], await Ops(new ActivityQuery(From: start.AddHours(1), To: start.AddHours(3))));
        Assert.Equal(["Create:u1"], await Ops(new ActivityQuery(To: start.AddHours(1))));
        Assert.Equal(["Create:u1"], await Ops(new ActivityQuery(TokenName: "okta", Succeeded: true, ResourceId: "u1")));
        Assert.Empty((await _store.QueryActivityAsync("globex", new ActivityQuery())).Entries);
    }

    [Fact]
    public async Task Purge_removes_older_entries_of_the_tenant_only()
    {
        var start = Now;
        await _store.AppendActivityAsync(Entry("Old", null));
        await _store.AppendActivityAsync(Entry("Old elsewhere", null, tenant: "globex"));
        _database.Time.Advance(TimeSpan.FromDays(40));
        await _store.AppendActivityAsync(Entry("New", null));
        var newest = (await Query(new ActivityQuery())).Entries[0].Sequence;

        Assert.Equal(1, await _store.PurgeActivityAsync(Tenant, start.AddDays(30)));
        Assert.Equal(0, await _store.PurgeActivityAsync(Tenant, start.AddDays(30)));

        Assert.Equal(["New"], (await Query(new ActivityQuery())).Entries.Select(e => e.Operation));
        Assert.Single((await _store.QueryActivityAsync("globex", new ActivityQuery())).Entries);

        // Sequence numbers are never reused, even once the newest entries are purged.
        Assert.Equal(1, await _store.PurgeActivityAsync(Tenant, Now.AddDays(1)));
        await _store.AppendActivityAsync(Entry("Later", null));
        Assert.True((await Query(new ActivityQuery())).Entries[0].Sequence > newest);
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class ActivityTests() : ActivityTestsBase(new TestDatabase());
