using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public abstract class MembershipTestsBase(StoreDatabase database) : IAsyncLifetime
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

    private async Task<string> NewUserAsync(string userName, string? displayName = null)
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, userName, d =>
        {
            if (displayName is not null)
            {
                d["displayName"] = displayName;
            }
        }));
        return id;
    }

    private static Dictionary<string, (string? Display, string Type)> Entries(StoredResource resource, string attribute) =>
        (resource.Document[attribute] as JsonArray ?? []).Select(e => e!.AsObject())
            .ToDictionary(e => (string)e["value"]!, e => ((string?)e["display"], (string)e["type"]!));

    [Fact]
    public async Task Group_members_are_composed_with_type_and_current_display()
    {
        var alice = await NewUserAsync("alice", "Alice A.");
        var bob = await NewUserAsync("bob");
        var inner = NewId();
        await _store.CreateAsync(Group(Tenant, inner, "Inner"));
        var outer = NewId();

        var created = await _store.CreateAsync(Group(Tenant, outer, "Outer", alice, bob, inner, alice));

        var members = Entries(created, "members");
        Assert.Equal(3, members.Count);
        Assert.Equal(("Alice A.", "User"), members[alice]);
        Assert.Equal(("bob", "User"), members[bob]);
        Assert.Equal(("Inner", "Group"), members[inner]);

        // display follows the member's current name.
        await _store.ReplaceAsync(User(Tenant, bob, "bob", d => d["displayName"] = "Bobby"), 1);
        var read = await _store.GetAsync(Tenant, "Group", outer);
        Assert.Equal(("Bobby", "User"), Entries(read!, "members")[bob]);
    }

    [Fact]
    public async Task An_unknown_member_is_invalidValue_naming_it_and_nothing_is_stored()
    {
        var alice = await NewUserAsync("alice");
        var ghost = NewId();
        var id = NewId();

        var error = await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(Group(Tenant, id, "Ghosts", alice, ghost)));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorTypes.InvalidValue, error.ScimType);
        Assert.Contains(ghost, error.Detail);
        Assert.Null(await _store.GetAsync(Tenant, "Group", id));
        var alicesGroups = await _store.GetAsync(Tenant, "User", alice);
        Assert.Null(alicesGroups!.Document["groups"]);
    }

    [Fact]
    public async Task A_member_of_another_tenant_does_not_exist_here()
    {
        var foreign = NewId();
        await _store.CreateAsync(User("other", foreign, "foreigner"));
        var error = await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(Group(Tenant, NewId(), "G", foreign)));
        Assert.Equal(ScimErrorTypes.InvalidValue, error.ScimType);
    }

    [Fact]
    public async Task A_group_cannot_be_its_own_member()
    {
        var id = NewId();
        await _store.CreateAsync(Group(Tenant, id, "Self"));
        var error = await Assert.ThrowsAsync<ScimException>(() => _store.ReplaceAsync(Group(Tenant, id, "Self", id), 1));
        Assert.Equal(ScimErrorTypes.InvalidValue, error.ScimType);
    }

    [Fact]
    public async Task A_users_groups_are_direct_and_indirect_through_nesting()
    {
        var alice = await NewUserAsync("alice");
        var team = NewId();
        var department = NewId();
        var company = NewId();
        await _store.CreateAsync(Group(Tenant, team, "Team", alice));
        await _store.CreateAsync(Group(Tenant, department, "Department", team));
        await _store.CreateAsync(Group(Tenant, company, "Company", department, alice));

        var user = await _store.GetAsync(Tenant, "User", alice);

        var groups = Entries(user!, "groups");
        Assert.Equal(3, groups.Count);
        Assert.Equal(("Team", "direct"), groups[team]);
        Assert.Equal(("Department", "indirect"), groups[department]);
        Assert.Equal(("Company", "direct"), groups[company]);
    }

    [Fact]
    public async Task Membership_cycles_do_not_hang()
    {
        var alice = await NewUserAsync("alice");
        var a = NewId();
        var b = NewId();
        await _store.CreateAsync(Group(Tenant, a, "A", alice));
        await _store.CreateAsync(Group(Tenant, b, "B", a));
        await _store.ReplaceAsync(Group(Tenant, a, "A", alice, b), 1);

        var user = await _store.GetAsync(Tenant, "User", alice).WaitAsync(TimeSpan.FromSeconds(10));
        var groups = Entries(user!, "groups");
        Assert.Equal(("A", "direct"), groups[a]);
        Assert.Equal(("B", "indirect"), groups[b]);

        var query = await _store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource,
            new ResourceQuery(F.Where("groups", F.Eq("type", "indirect")), null, false, 1, 10)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, query.TotalResults);
        var byValue = await _store.QueryAsync(Tenant, Scim.Schema.ScimSchemas.UserResource,
            new ResourceQuery(F.Eq("groups.value", b), null, false, 1, 10)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, byValue.TotalResults);
    }

    [Fact]
    public async Task Replace_writes_membership_changes()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var carol = await NewUserAsync("carol");
        var id = NewId();
        await _store.CreateAsync(Group(Tenant, id, "G", alice, bob));

        var replaced = await _store.ReplaceAsync(Group(Tenant, id, "G", bob, carol), 1);

        Assert.Equal(new[] { bob, carol }.Order(), Entries(replaced!, "members").Keys.Order());
        Assert.Null((await _store.GetAsync(Tenant, "User", alice))!.Document["groups"]);
        Assert.Single(Entries((await _store.GetAsync(Tenant, "User", carol))!, "groups"));

        var emptied = await _store.ReplaceAsync(Group(Tenant, id, "G"), 2);
        Assert.Null(emptied!.Document["members"]);
        Assert.Null((await _store.GetAsync(Tenant, "User", bob))!.Document["groups"]);
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_memberships_and_bumps_its_groups()
    {
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var group = NewId();
        var other = NewId();
        await _store.CreateAsync(Group(Tenant, group, "G", alice, bob));
        await _store.CreateAsync(Group(Tenant, other, "Other", bob));
        _database.Time.Advance(TimeSpan.FromHours(1));

        Assert.True(await _store.DeleteAsync(Tenant, "User", alice, 1));

        var read = await _store.GetAsync(Tenant, "Group", group);
        Assert.Equal(2, read!.Version);
        Assert.Equal("W/\"2\"", (string?)read.Document["meta"]!["version"]);
        Assert.Equal(_database.Time.GetUtcNow(), read.LastModified);
        Assert.Equal([bob], Entries(read, "members").Keys);
        Assert.Equal(1, (await _store.GetAsync(Tenant, "Group", other))!.Version);

        // The group grain's copy at version 1 is now stale.
        Assert.Null(await _store.ReplaceAsync(Group(Tenant, group, "G", bob), 1));
        Assert.NotNull(await _store.ReplaceAsync(Group(Tenant, group, "G", bob), 2));
    }

    [Fact]
    public async Task Deleting_a_group_removes_it_from_parents_and_from_its_members_groups()
    {
        var alice = await NewUserAsync("alice");
        var child = NewId();
        var parent = NewId();
        await _store.CreateAsync(Group(Tenant, child, "Child", alice));
        await _store.CreateAsync(Group(Tenant, parent, "Parent", child));

        Assert.True(await _store.DeleteAsync(Tenant, "Group", child, 1));

        var parentRead = await _store.GetAsync(Tenant, "Group", parent);
        Assert.Equal(2, parentRead!.Version);
        Assert.Null(parentRead.Document["members"]);
        Assert.Null((await _store.GetAsync(Tenant, "User", alice))!.Document["groups"]);
    }

    [Fact]
    public async Task A_user_replace_ignores_written_groups_and_returns_composed_ones()
    {
        var alice = await NewUserAsync("alice");
        var group = NewId();
        await _store.CreateAsync(Group(Tenant, group, "G", alice));

        var replaced = await _store.ReplaceAsync(User(Tenant, alice, "alice", d =>
            d["groups"] = new JsonArray(new JsonObject { ["value"] = "made-up" })), 1);

        Assert.Equal([group], Entries(replaced!, "groups").Keys);
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class MembershipTests() : MembershipTestsBase(new TestDatabase());
