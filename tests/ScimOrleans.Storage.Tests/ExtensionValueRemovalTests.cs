using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

public abstract class ExtensionValueRemovalTestsBase(StoreDatabase database) : IAsyncLifetime
{
    private const string Tenant = "acme";
    private const string Urn = "urn:scim:acme:User";
    private readonly StoreDatabase _database = database;
    private readonly Dictionary<string, string> _ids = [];
    private ISqlResourceStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await _database.OpenStoreAsync();
        // both: level and badge; onlyLevel: level alone; none: no extension; enterprise: another extension.
        await Add("both", d => Extend(d, Urn, new JsonObject { ["level"] = 3, ["badge"] = "gold" }));
        await Add("onlyLevel", d => Extend(d, Urn, new JsonObject { ["level"] = 5 }));
        await Add("none", _ => { });
        await Add("enterprise", d => Extend(d, SchemaUrns.EnterpriseUser, new JsonObject { ["level"] = 9 }));
        var elsewhere = NewId();
        _ids["elsewhere"] = elsewhere;
        await _store.CreateAsync(User("globex", elsewhere, "elsewhere", d => Extend(d, Urn, new JsonObject { ["level"] = 1 })));
        await _store.CreateAsync(Group(Tenant, NewId(), "Group", _ids["both"]));
        _database.Time.Advance(TimeSpan.FromMinutes(10));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _database.Dispose();
    }

    private async Task Add(string key, Action<JsonObject> more)
    {
        _ids[key] = NewId();
        await _store.CreateAsync(User(Tenant, _ids[key], key, more));
    }

    private static void Extend(JsonObject document, string urn, JsonObject values)
    {
        document["schemas"]!.AsArray().Add(urn);
        document[urn] = values;
    }

    private async Task<StoredResource> Get(string key, string tenant = Tenant) => (await _store.GetAsync(tenant, "User", _ids[key]))!;

    private static List<string> Schemas(StoredResource user) => [.. user.Document["schemas"]!.AsArray().Select(s => (string)s!)];

    [Fact]
    public async Task Removing_an_attribute_bumps_only_the_users_that_had_it()
    {
        Assert.Equal(2, await _store.RemoveExtensionValuesAsync(Tenant, Urn, "level"));

        var both = await Get("both");
        Assert.Equal(2, both.Version);
        Assert.Equal(_database.Time.GetUtcNow(), both.LastModified);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["badge"] = "gold" }, both.Document[Urn]));
        Assert.Equal([SchemaUrns.User, Urn], Schemas(both));
        // The user still reads as a member of its group.
        Assert.Single(both.Document["groups"]!.AsArray());

        // Its extension is now empty: the key and its URN in schemas go too.
        var onlyLevel = await Get("onlyLevel");
        Assert.Equal(2, onlyLevel.Version);
        Assert.Null(onlyLevel.Document[Urn]);
        Assert.False(onlyLevel.Document.ContainsKey(Urn));
        Assert.Equal([SchemaUrns.User], Schemas(onlyLevel));

        Assert.Equal(1, (await Get("none")).Version);
        var enterprise = await Get("enterprise");
        Assert.Equal(1, enterprise.Version);
        Assert.Equal(9, (int)enterprise.Document[SchemaUrns.EnterpriseUser]!["level"]!);
        Assert.Equal(1, (await Get("elsewhere", "globex")).Version);

        // Nothing left to remove.
        Assert.Equal(0, await _store.RemoveExtensionValuesAsync(Tenant, Urn, "level"));
    }

    [Fact]
    public async Task Removing_the_whole_extension_drops_the_key_and_the_schema()
    {
        Assert.Equal(2, await _store.RemoveExtensionValuesAsync(Tenant, Urn, null));

        foreach (var key in new[] { "both", "onlyLevel" })
        {
            var user = await Get(key);
            Assert.Equal(2, user.Version);
            Assert.False(user.Document.ContainsKey(Urn));
            Assert.Equal([SchemaUrns.User], Schemas(user));
        }

        Assert.Equal(1, (await Get("enterprise")).Version);
        Assert.Equal(1, (await Get("elsewhere", "globex")).Version);
    }

    [Fact]
    public async Task A_grain_holding_the_old_version_must_re_read()
    {
        await _store.RemoveExtensionValuesAsync(Tenant, Urn, "badge");

        Assert.Null(await _store.ReplaceAsync(User(Tenant, _ids["both"], "both"), 1));
        Assert.Equal(3, (await _store.ReplaceAsync(User(Tenant, _ids["both"], "both"), 2))!.Version);
    }

    [Fact]
    public async Task The_meta_inside_the_stored_document_agrees_with_the_columns()
    {
        await _store.RemoveExtensionValuesAsync(Tenant, Urn, "level");

        var (docVersion, docLastModified, lastModified) = await _database.ReadMetaCopyAsync(_ids["onlyLevel"]);
        Assert.Equal("W/\"2\"", docVersion);
        Assert.Equal(StoreTimestamps.ToText(_database.Time.GetUtcNow()), docLastModified);
        Assert.Equal(docLastModified, lastModified);
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
public sealed class ExtensionValueRemovalTests() : ExtensionValueRemovalTestsBase(new TestDatabase());
