using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.F;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

/// <summary>Users of different kinds in one tenant: lists, filters and counts see one kind at a time.</summary>
public abstract class KindTestsBase(StoreDatabase database) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private readonly StoreDatabase _database = database;
    private readonly Dictionary<string, string> _ids = [];
    private ISqlResourceStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await _database.OpenStoreAsync();
        foreach (var (name, kind) in new[] { ("ann", "dashboard"), ("ben", "learner"), ("cat", "learner"), ("dan", "dashboard"), ("eve", "learner") })
        {
            _ids[name] = NewId();
            await _store.CreateAsync(User(Tenant, _ids[name], name, d => d["title"] = name is "ann" or "ben" ? "Lead" : "Member") with { Kind = kind });
        }

        _ids["team"] = NewId();
        await _store.CreateAsync(Group(Tenant, _ids["team"], "Team", _ids["ann"], _ids["ben"]));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    /// <summary>"total: userName, ..." of a page sorted by userName.</summary>
    private async Task<string> Users(FilterNode? filter, string? kind, int startIndex = 1, int count = 50)
    {
        var result = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(filter, P("userName"), false, startIndex, count, kind));
        return $"{result.TotalResults}: {string.Join(", ", result.Resources.Select(r => (string)r.Document["userName"]!))}";
    }

    [Fact]
    public async Task A_list_of_one_kind_holds_only_users_of_that_kind()
    {
        Assert.Equal("3: ben, cat, eve", await Users(null, "learner"));
        Assert.Equal("2: ann, dan", await Users(null, "dashboard"));
        Assert.Equal("5: ann, ben, cat, dan, eve", await Users(null, null));
        Assert.Equal("0: ", await Users(null, "nobody"));
    }

    [Fact]
    public async Task Filters_and_counts_honour_the_kind()
    {
        Assert.Equal("1: ben", await Users(Eq("title", "Lead"), "learner"));
        Assert.Equal("1: ann", await Users(Eq("title", "Lead"), "dashboard"));
        Assert.Equal("0: ", await Users(Eq("userName", "ann"), "learner"));
        Assert.Equal("1: ann", await Users(Eq("userName", "ANN"), "dashboard"));
        // Or inside the filter cannot escape the kind.
        Assert.Equal("2: cat, eve", await Users(Or(Eq("userName", "ann"), Eq("title", "Member")), "learner"));
        // Only the count: the total is still per kind.
        Assert.Equal("3: ", await Users(null, "learner", count: 0));
        Assert.Equal("3: eve", await Users(null, "learner", startIndex: 3, count: 2));
    }

    [Fact]
    public async Task Groups_ignore_the_kind_and_have_none()
    {
        var result = await _store.QueryAsync(Tenant, ScimSchemas.GroupResource, new ResourceQuery(null, null, false, 1, 50, "learner"));
        var team = Assert.Single(result.Resources);
        Assert.Null(team.Kind);
        Assert.Null((await _store.GetAsync(Tenant, "Group", _ids["team"]))!.Kind);
        // A kind passed with a group is not stored.
        var other = await _store.CreateAsync(Group(Tenant, NewId(), "Other") with { Kind = "learner" });
        Assert.Null(other.Kind);
    }

    [Fact]
    public async Task Get_create_and_queries_return_the_kind()
    {
        Assert.Equal("learner", (await _store.GetAsync(Tenant, "User", _ids["ben"]))!.Kind);
        Assert.Equal("dashboard", (await _store.GetAsync(Tenant, "User", _ids["ann"]))!.Kind);
        var created = await _store.CreateAsync(User(Tenant, NewId(), "fay") with { Kind = "learner" });
        Assert.Equal("learner", created.Kind);
        var listed = await _store.QueryAsync(Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 50, "dashboard"));
        Assert.All(listed.Resources, r => Assert.Equal("dashboard", r.Kind));
    }

    [Fact]
    public async Task Replace_keeps_the_stored_kind()
    {
        var replaced = await _store.ReplaceAsync(User(Tenant, _ids["ben"], "ben", d => d["title"] = "Changed") with { Kind = "dashboard" }, 1);
        Assert.Equal("learner", replaced!.Kind);
        var noKind = await _store.ReplaceAsync(User(Tenant, _ids["ben"], "ben"), 2);
        Assert.Equal("learner", noKind!.Kind);
        Assert.Equal("learner", (await _store.GetAsync(Tenant, "User", _ids["ben"]))!.Kind);
        Assert.Equal("3: ben, cat, eve", await Users(null, "learner"));
    }

    [Fact]
    public async Task UserName_is_unique_across_kinds()
    {
        var clash = await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(User(Tenant, NewId(), "BEN") with { Kind = "dashboard" }));
        Assert.Equal(ScimErrorTypes.Uniqueness, clash.ScimType);
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class KindTests() : KindTestsBase(new TestDatabase());
