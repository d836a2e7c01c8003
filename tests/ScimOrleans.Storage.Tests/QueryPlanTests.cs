using System.Text.RegularExpressions;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using Xunit.Abstractions;
using static ScimOrleans.Storage.Tests.F;

namespace ScimOrleans.Storage.Tests;

/// <summary>
/// The look-ups IdPs make all day must be index searches, never a scan of the tenant's resources.
/// </summary>
[Collection(DirectoryCollection.Name)]
public sealed class QueryPlanTests(SqliteDirectoryFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string, string> IndexedLookups() => new()
    {
        // name, resource type, the index that must drive the search of resources (or the value/member table)
        { "userName eq", "User", "resources_user_name" },
        { "externalId eq", "User", "resources_external_id" },
        { "emails.value eq", "User", "resource_values_lookup" },
        { "emails[type eq work].value eq", "User", "resource_values_lookup" },
        { "displayName eq", "User", "resources_display_name" },
        { "id eq", "User", "sqlite_autoindex_resources_1" },
        { "group displayName eq", "Group", "resources_display_name" },
        { "group externalId eq", "Group", "resources_external_id" },
        { "members.value eq", "Group", "group_members_member" },
        { "meta.lastModified gt", "User", "resources_last_modified" },
        { "groups.value eq", "User", "sqlite_autoindex_resources_1" },
    };

    /// <summary>The same look-ups restricted to one kind of user; groups ignore the kind.</summary>
    public static TheoryData<string, string, string> IndexedLookupsOfAKind() => new()
    {
        { "userName eq", "User", "resources_user_name" },
        { "externalId eq", "User", "resources_external_id" },
        { "emails.value eq", "User", "resource_values_lookup" },
        { "emails[type eq work].value eq", "User", "resource_values_lookup" },
        { "displayName eq", "User", "resources_kind_display_name" },
        { "id eq", "User", "sqlite_autoindex_resources_1" },
        { "group displayName eq", "Group", "resources_display_name" },
        { "group externalId eq", "Group", "resources_external_id" },
        { "members.value eq", "Group", "group_members_member" },
        { "meta.lastModified gt", "User", "resources_last_modified" },
        { "groups.value eq", "User", "sqlite_autoindex_resources_1" },
    };

    private static FilterNode Filter(string name) => name switch
    {
        "userName eq" => Eq("userName", "alice@example.com"),
        "externalId eq" => Eq("externalId", "ext-alice"),
        "emails.value eq" => Eq("emails.value", "alice@work.example"),
        "emails[type eq work].value eq" => Where("emails", And(Eq("type", "work"), Eq("value", "alice@work.example"))),
        "displayName eq" => Eq("displayName", "Alice Anderson"),
        "id eq" => Eq("id", "4f7d0c3e-0000-0000-0000-000000000000"),
        "group displayName eq" => Eq("displayName", "Engineers"),
        "group externalId eq" => Eq("externalId", "x"),
        "members.value eq" => Eq("members.value", "4f7d0c3e-0000-0000-0000-000000000000"),
        "groups.value eq" => Eq("groups.value", "4f7d0c3e-0000-0000-0000-000000000000"),
        "meta.lastModified gt" => Op("meta.lastModified", ComparisonOperator.GreaterThan, "2030-01-01T00:00:00Z"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(IndexedLookups))]
    public Task Lookup_uses_an_index(string name, string resourceType, string index) =>
        AssertIndexed(name, resourceType, index, kind: null);

    /// <summary>A kind must not turn a look-up into a walk of all users of that kind (resources_kind_id).</summary>
    [Theory]
    [MemberData(nameof(IndexedLookupsOfAKind))]
    public Task Lookup_of_a_kind_uses_an_index(string name, string resourceType, string index) =>
        AssertIndexed(name, resourceType, index, kind: "learner");

    [Fact]
    public async Task Listing_in_id_order_needs_no_sort()
    {
        var plan = await fixture.Store.ExplainQueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, new ResourceQuery(null, null, false, 1, 50));
        output.WriteLine(string.Join(Environment.NewLine, plan));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_one_kind_in_id_order_needs_no_sort()
    {
        var plan = await fixture.Store.ExplainQueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, new ResourceQuery(null, null, false, 1, 50, Kind: "learner"));
        output.WriteLine(string.Join(Environment.NewLine, plan));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("INDEX resources_kind_id (tenant=? AND type=? AND kind=?)", StringComparison.Ordinal));
    }

    private async Task AssertIndexed(string name, string resourceType, string index, string? kind)
    {
        var schema = resourceType == "User" ? DirectoryFixture.UserSchema : ScimSchemas.GroupResource;
        var plan = await fixture.Store.ExplainQueryAsync(DirectoryFixture.Tenant, schema, new ResourceQuery(Filter(name), null, false, 1, 50, kind));
        output.WriteLine(string.Join(Environment.NewLine, plan));

        // Scanning a recursive query's own rows (aliases ug0...) is fine; scanning a table is not.
        Assert.DoesNotContain(plan, line => Regex.IsMatch(line, @"^SCAN (?!ug\d+$)"));
        // A search on (tenant=?) or (tenant=? AND type=?) alone would read the whole tenant.
        Assert.DoesNotContain(plan, line => line.EndsWith("(tenant=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.EndsWith("(tenant=? AND type=?)", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains($"INDEX {index} (", StringComparison.Ordinal));
        // Walking all users of a kind would read the whole kind, as bad as the whole tenant.
        Assert.DoesNotContain(plan, line => line.EndsWith("(tenant=? AND type=? AND kind=?)", StringComparison.Ordinal));
    }
}
