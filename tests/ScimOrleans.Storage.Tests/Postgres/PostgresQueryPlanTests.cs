using System.Text.Json.Nodes;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage.Postgres;
using Xunit.Abstractions;
using static ScimOrleans.Storage.Tests.F;
using static ScimOrleans.Storage.Tests.Resources;

namespace ScimOrleans.Storage.Tests.Postgres;

/// <summary>
/// A tenant big enough (2,000 users, 60 groups, and another tenant) for PostgreSQL's planner to
/// prefer indexes where they help, with fresh statistics.
/// </summary>
public sealed class PostgresPlanFixture : IAsyncLifetime
{
    public const string Tenant = "big";

    private readonly PostgresTestDatabase _database = new();

    public PostgresResourceStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await _database.OpenAsync();
        var users = Enumerable.Range(0, 2000).Select(_ => NewId()).ToList();
        await Task.WhenAll(users.Select((id, i) => Store.CreateAsync(BigUser(i, id))));
        var tenantUsers = users.Where((_, i) => i % 4 != 0).ToList();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(g => Store.CreateAsync(Group(Tenant, NewId(), $"Group {g}", [.. tenantUsers.Skip(g * 20).Take(20)]))));
        await _database.ScalarAsync("ANALYZE");
    }

    private static ResourceWrite BigUser(int i, string id)
    {
        var write = User(i % 4 == 0 ? "other" : Tenant, id, $"user{i}@example.com", d =>
        {
            d["displayName"] = $"User {i}";
            d["externalId"] = $"ext-{i}";
            d["emails"] = new JsonArray(Email($"user{i}@work.example", "work", true), Email($"user{i}@home.example", "home"));
        });
        return write with { Kind = i % 2 == 0 ? "learner" : "dashboard" };
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _database.Dispose();
    }
}

/// <summary>The look-ups IdPs make all day are index searches on PostgreSQL too, never a scan of the tenant.</summary>
public sealed class PostgresQueryPlanTests(PostgresPlanFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresPlanFixture>
{
    // The id-keyed index that fits (resources_type_id, resources_kind_id) seeks on id as well as the primary key.
    public static TheoryData<string, string, string> IndexedLookups() => new()
    {
        { "userName eq", "User", "resources_user_name" },
        { "externalId eq", "User", "resources_external_id" },
        { "emails.value eq", "User", "resource_values_lookup" },
        { "emails[type eq work].value eq", "User", "resource_values_lookup" },
        { "displayName eq", "User", "resources_display_name|resources_kind_display_name" },
        { "id eq", "User", "resources_pkey|resources_type_id|resources_kind_id" },
        { "group displayName eq", "Group", "resources_display_name" },
        { "group externalId eq", "Group", "resources_external_id" },
        { "members.value eq", "Group", "group_members_member" },
        { "meta.lastModified gt", "User", "resources_last_modified" },
        { "groups.value eq", "User", "resources_pkey|resources_type_id|resources_kind_id" },
    };

    private static FilterNode Filter(string name) => name switch
    {
        "userName eq" => Eq("userName", "user5@example.com"),
        "externalId eq" => Eq("externalId", "ext-5"),
        "emails.value eq" => Eq("emails.value", "user5@work.example"),
        "emails[type eq work].value eq" => Where("emails", And(Eq("type", "work"), Eq("value", "user5@work.example"))),
        "displayName eq" => Eq("displayName", "User 5"),
        "id eq" => Eq("id", "4f7d0c3e-0000-0000-0000-000000000000"),
        "group displayName eq" => Eq("displayName", "Group 7"),
        "group externalId eq" => Eq("externalId", "x"),
        "members.value eq" => Eq("members.value", "4f7d0c3e-0000-0000-0000-000000000000"),
        "groups.value eq" => Eq("groups.value", "4f7d0c3e-0000-0000-0000-000000000000"),
        "meta.lastModified gt" => Op("meta.lastModified", ComparisonOperator.GreaterThan, "2030-01-01T00:00:00Z"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(IndexedLookups))]
    public Task Lookup_uses_an_index(string name, string resourceType, string index) => AssertIndexed(name, resourceType, index, kind: null);

    [Theory]
    [MemberData(nameof(IndexedLookups))]
    public Task Lookup_of_a_kind_uses_an_index(string name, string resourceType, string index) => AssertIndexed(name, resourceType, index, kind: "learner");

    [Fact]
    public async Task Listing_in_id_order_walks_an_index_without_sorting()
    {
        var plan = await fixture.Store.ExplainQueryAsync(PostgresPlanFixture.Tenant, ScimSchemas.UserResource, new ResourceQuery(null, null, false, 1, 50));
        output.WriteLine(string.Join(Environment.NewLine, plan));
        Assert.DoesNotContain(plan, line => line.Contains("Sort", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on resources", StringComparison.Ordinal));
    }

    private async Task AssertIndexed(string name, string resourceType, string index, string? kind)
    {
        var schema = resourceType == "User" ? ScimSchemas.UserResource : ScimSchemas.GroupResource;
        var plan = await fixture.Store.ExplainQueryAsync(PostgresPlanFixture.Tenant, schema, new ResourceQuery(Filter(name), null, false, 1, 50, kind));
        output.WriteLine(string.Join(Environment.NewLine, plan));

        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on resources", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on resource_values", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan on group_members", StringComparison.Ordinal));
        // index: the index (or, where several fit equally, the alternatives) the look-up must seek.
        Assert.Contains(plan, line => index.Split('|').Any(i => line.Contains($"Scan using {i} on", StringComparison.Ordinal)
                                                                 || line.Contains($"Bitmap Index Scan on {i}", StringComparison.Ordinal)));
    }
}
