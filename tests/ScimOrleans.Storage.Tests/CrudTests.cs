using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public abstract class CrudTestsBase(StoreDatabase database) : IAsyncLifetime
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

    [Fact]
    public async Task Create_sets_meta_at_version_1_and_get_returns_it()
    {
        var id = NewId();
        var created = await _store.CreateAsync(User(Tenant, id, "alice", d =>
        {
            d["displayName"] = "Alice";
            d["meta"] = new JsonObject { ["version"] = "W/\"99\"" };
            d["groups"] = new JsonArray(new JsonObject { ["value"] = "bogus" });
        }));

        Assert.Equal(1, created.Version);
        Assert.Equal("W/\"1\"", created.ETag);
        Assert.Equal(_database.Time.GetUtcNow(), created.Created);
        Assert.Equal(created.Created, created.LastModified);
        var meta = created.Document["meta"]!.AsObject();
        Assert.Equal("User", (string?)meta["resourceType"]);
        Assert.Equal("W/\"1\"", (string?)meta["version"]);
        Assert.Equal("2025-01-02T03:04:05.0000000Z", (string?)meta["created"]);
        Assert.Null(created.Document["groups"]);

        var read = await _store.GetAsync(Tenant, "User", id);
        Assert.NotNull(read);
        Assert.Equal(id, (string?)read.Document["id"]);
        Assert.Equal("alice", (string?)read.Document["userName"]);
        Assert.Equal("Alice", (string?)read.Document["displayName"]);
        Assert.Equal(1, read.Version);
        Assert.Equal(created.Created, read.Created);
        Assert.True(JsonNode.DeepEquals(created.Document, read.Document));
    }

    [Fact]
    public async Task Create_does_not_change_the_callers_document()
    {
        var write = User(Tenant, NewId(), "bob");
        await _store.CreateAsync(write);
        Assert.Null(write.Document["meta"]);
    }

    [Fact]
    public async Task Get_of_unknown_or_wrong_type_or_other_tenant_is_null()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "carol"));
        Assert.Null(await _store.GetAsync(Tenant, "User", NewId()));
        Assert.Null(await _store.GetAsync(Tenant, "Group", id));
        Assert.Null(await _store.GetAsync("other", "User", id));
    }

    [Fact]
    public async Task Replace_with_current_version_bumps_version_and_last_modified_and_keeps_created()
    {
        var id = NewId();
        var created = await _store.CreateAsync(User(Tenant, id, "dave"));
        _database.Time.Advance(TimeSpan.FromMinutes(5));

        var replaced = await _store.ReplaceAsync(User(Tenant, id, "dave", d => d["title"] = "Boss"), expectedVersion: 1);

        Assert.NotNull(replaced);
        Assert.Equal(2, replaced.Version);
        Assert.Equal(created.Created, replaced.Created);
        Assert.Equal(created.Created + TimeSpan.FromMinutes(5), replaced.LastModified);
        Assert.Equal("W/\"2\"", (string?)replaced.Document["meta"]!["version"]);
        var read = await _store.GetAsync(Tenant, "User", id);
        Assert.Equal("Boss", (string?)read!.Document["title"]);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task Replace_with_stale_version_returns_null_and_changes_nothing()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "erin"));
        await _store.ReplaceAsync(User(Tenant, id, "erin", d => d["title"] = "v2"), 1);

        var stale = await _store.ReplaceAsync(User(Tenant, id, "erin", d => d["title"] = "stale"), 1);

        Assert.Null(stale);
        var read = await _store.GetAsync(Tenant, "User", id);
        Assert.Equal("v2", (string?)read!.Document["title"]);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task Replace_of_missing_resource_returns_null()
    {
        Assert.Null(await _store.ReplaceAsync(User(Tenant, NewId(), "nobody"), 1));
    }

    [Fact]
    public async Task Delete_needs_the_current_version()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "frank"));

        Assert.False(await _store.DeleteAsync(Tenant, "User", id, expectedVersion: 2));
        Assert.NotNull(await _store.GetAsync(Tenant, "User", id));
        Assert.True(await _store.DeleteAsync(Tenant, "User", id, expectedVersion: 1));
        Assert.Null(await _store.GetAsync(Tenant, "User", id));
        Assert.False(await _store.DeleteAsync(Tenant, "User", id, expectedVersion: 1));
    }

    [Fact]
    public async Task A_deleted_users_name_can_be_taken_again()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "grace"));
        await _store.DeleteAsync(Tenant, "User", id, 1);
        var again = await _store.CreateAsync(User(Tenant, NewId(), "GRACE"));
        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task UserName_is_unique_per_tenant_case_insensitively_including_non_ascii()
    {
        await _store.CreateAsync(User(Tenant, NewId(), "Élodie@Example.com"));

        var clash = await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(User(Tenant, NewId(), "élodie@example.COM")));
        Assert.Equal(409, clash.Status);
        Assert.Equal(ScimErrorTypes.Uniqueness, clash.ScimType);
        Assert.Contains("élodie@example.COM", clash.Detail);

        // Another tenant may use the same name.
        await _store.CreateAsync(User("other-tenant", NewId(), "ÉLODIE@example.com"));
    }

    [Fact]
    public async Task Replace_into_a_taken_userName_is_a_uniqueness_error_and_keeps_the_old_row()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, NewId(), "heidi"));
        await _store.CreateAsync(User(Tenant, id, "ivan"));

        var clash = await Assert.ThrowsAsync<ScimException>(() => _store.ReplaceAsync(User(Tenant, id, "HEIDI"), 1));

        Assert.Equal(ScimErrorTypes.Uniqueness, clash.ScimType);
        var read = await _store.GetAsync(Tenant, "User", id);
        Assert.Equal("ivan", (string?)read!.Document["userName"]);
        Assert.Equal(1, read.Version);
    }

    [Fact]
    public async Task Replace_may_change_only_the_case_of_its_own_userName()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "judy"));
        var replaced = await _store.ReplaceAsync(User(Tenant, id, "Judy"), 1);
        Assert.Equal("Judy", (string?)replaced!.Document["userName"]);
    }

    [Fact]
    public async Task ExternalId_is_unique_per_tenant_and_resource_type()
    {
        await _store.CreateAsync(User(Tenant, NewId(), "kim", d => d["externalId"] = "ext-1"));

        var clash = await Assert.ThrowsAsync<ScimException>(() =>
            _store.CreateAsync(User(Tenant, NewId(), "lee", d => d["externalId"] = "ext-1")));
        Assert.Equal(ScimErrorTypes.Uniqueness, clash.ScimType);
        Assert.Contains("externalId 'ext-1'", clash.Detail);

        // externalId is caseExact, and a group may carry the same value as a user.
        await _store.CreateAsync(User(Tenant, NewId(), "mia", d => d["externalId"] = "EXT-1"));
        var group = Group(Tenant, NewId(), "Group with ext-1");
        group.Document["externalId"] = "ext-1";
        await _store.CreateAsync(group);
    }

    [Fact]
    public async Task Creating_an_existing_id_is_a_uniqueness_error()
    {
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "nina"));
        var clash = await Assert.ThrowsAsync<ScimException>(() => _store.CreateAsync(User(Tenant, id, "other-name")));
        Assert.Equal(ScimErrorTypes.Uniqueness, clash.ScimType);
    }

    [Fact]
    public async Task Schema_initialization_is_idempotent_across_reopen()
    {
        await _store.InitializeAsync();
        var id = NewId();
        await _store.CreateAsync(User(Tenant, id, "olga"));
        await _store.DisposeAsync();

        _store = await _database.OpenStoreAsync();
        await _store.InitializeAsync();
        Assert.NotNull(await _store.GetAsync(Tenant, "User", id));
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class CrudTests() : CrudTestsBase(new TestDatabase());
