using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests;

/// <summary>
/// A small tenant with users and nested groups, written once and queried by many tests:
/// alice, bob, carol, dave; groups engineers (alice, dave), staff (engineers, bob), empty.
/// Another tenant holds look-alikes that must never show up.
/// </summary>
public abstract class DirectoryFixture(StoreDatabase database) : IAsyncLifetime
{
    public const string Tenant = "acme";
    public const string OtherTenant = "globex";
    public const string CustomUrn = "urn:scim:acme:User";

    public static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>The user schema with the enterprise extension and a tenant's custom one.</summary>
    public static readonly ResourceSchema UserSchema = new("User", "/Users", "User Account", ScimSchemas.User,
    [
        new SchemaExtensionReference(ScimSchemas.EnterpriseUser, false),
        new SchemaExtensionReference(new SchemaDefinition(CustomUrn, "AcmeUser", "Acme custom attributes",
        [
            new AttributeDefinition("level", AttributeType.Integer),
            new AttributeDefinition("score", AttributeType.Decimal),
            new AttributeDefinition("hiredAt", AttributeType.DateTime),
            new AttributeDefinition("tags", AttributeType.String) { MultiValued = true },
            new AttributeDefinition("isContractor", AttributeType.Boolean),
            new AttributeDefinition("code", AttributeType.String) { CaseExact = true },
        ]), false),
    ]);

    private readonly StoreDatabase _database = database;

    public ISqlResourceStore Store { get; private set; } = null!;

    public Dictionary<string, string> Ids { get; } = [];

    /// <summary>The key (alice, engineers...) of a resource id.</summary>
    public string KeyOf(string id) => Ids.Single(pair => pair.Value == id).Key;

    public async Task InitializeAsync()
    {
        Store = await _database.OpenStoreAsync(durable: false);
        foreach (var key in new[] { "alice", "bob", "carol", "dave", "engineers", "staff", "empty" })
        {
            Ids[key] = NewId();
        }

        await AddUser("alice", "Alice@Example.com", d =>
        {
            d["displayName"] = "Alice Anderson";
            d["externalId"] = "ext-alice";
            d["name"] = new JsonObject { ["givenName"] = "Alice", ["familyName"] = "Anderson" };
            d["title"] = "Engineer";
            d["active"] = true;
            d["emails"] = new JsonArray(Email("alice@work.example", "work", true), Email("alice@home.example", "home"));
            d["phoneNumbers"] = new JsonArray(new JsonObject { ["value"] = "+1 555 0100", ["type"] = "mobile" });
            d[SchemaUrns.EnterpriseUser] = new JsonObject
            {
                ["employeeNumber"] = "1001",
                ["department"] = "R&D",
                ["manager"] = new JsonObject { ["value"] = Ids["bob"] },
            };
            d[CustomUrn] = new JsonObject
            {
                ["level"] = 7,
                ["score"] = 2.5,
                ["hiredAt"] = "2019-06-01T09:00:00+02:00",
                ["tags"] = new JsonArray("a", "b"),
                ["isContractor"] = false,
                ["code"] = "ABC",
            };
        });
        await AddUser("bob", "bob", d =>
        {
            d["displayName"] = "Bob Brown";
            d["externalId"] = "ext-bob";
            d["name"] = new JsonObject { ["givenName"] = "Bob" };
            d["title"] = "Manager";
            d["active"] = false;
            d["emails"] = new JsonArray(Email("BOB@Work.Example", "work"));
            d[SchemaUrns.EnterpriseUser] = new JsonObject { ["employeeNumber"] = "1002", ["department"] = "Sales" };
            d[CustomUrn] = new JsonObject
            {
                ["level"] = 3,
                ["score"] = 4.75,
                ["hiredAt"] = "2021-03-04T00:00:00Z",
                ["tags"] = new JsonArray("b"),
                ["isContractor"] = true,
                ["code"] = "abc",
            };
        });
        await AddUser("carol", "Ćarol", d =>
        {
            d["active"] = true;
            d["title"] = "";
            d["emails"] = new JsonArray(Email("carol@home.example", "home", true));
            d[CustomUrn] = new JsonObject { ["level"] = 10, ["hiredAt"] = "2019-06-01T07:00:00Z" };
        });
        await AddUser("dave", "dave_100%", d =>
        {
            d["displayName"] = "Dave";
            d["title"] = "50%_off";
        });

        await Store.CreateAsync(Group(Tenant, Ids["engineers"], "Engineers", Ids["alice"], Ids["dave"]));
        await Store.CreateAsync(Group(Tenant, Ids["staff"], "All Staff", Ids["engineers"], Ids["bob"]));
        await Store.CreateAsync(Group(Tenant, Ids["empty"], "Empty"));

        // Look-alikes in another tenant: same names, same e-mail, same externalId.
        var otherBob = NewId();
        await Store.CreateAsync(User(OtherTenant, otherBob, "bob", d =>
        {
            d["externalId"] = "ext-bob";
            d["displayName"] = "Bob Brown";
            d["emails"] = new JsonArray(Email("bob@work.example", "work"));
        }));
        await Store.CreateAsync(Group(OtherTenant, NewId(), "Engineers", otherBob));
    }

    private async Task AddUser(string key, string userName, Action<JsonObject> more)
    {
        await Store.CreateAsync(User(Tenant, Ids[key], userName, more));
        _database.Time.Advance(TimeSpan.FromHours(1));
    }

    public async Task<List<string>> KeysAsync(ResourceSchema schema, ResourceQuery query)
    {
        var result = await Store.QueryAsync(Tenant, schema, query);
        return [.. result.Resources.Select(r => KeyOf(r.Id))];
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>The directory on the embedded SQLite store.</summary>
public sealed class SqliteDirectoryFixture() : DirectoryFixture(new TestDatabase());

[CollectionDefinition(Name)]
public sealed class DirectoryCollection : ICollectionFixture<SqliteDirectoryFixture>
{
    public const string Name = "directory";
}
