using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Storage.Tests.F;
using Op_ = ScimOrleans.Scim.Filters.ComparisonOperator;

namespace ScimOrleans.Storage.Tests;

public abstract class FilterTranslationTestsBase(DirectoryFixture fixture)
{
    private const string Enterprise = SchemaUrns.EnterpriseUser;
    private const string Custom = DirectoryFixture.CustomUrn;

    private static FilterNode Ext(string urn, string name, string? sub, Op_ op, object? value) =>
        new ComparisonFilter(P(name, sub, urn), op, value);

    /// <summary>Name, filter (which may need the fixture's ids), and the users expected.</summary>
    internal static readonly Dictionary<string, (Func<DirectoryFixture, FilterNode> Filter, string[] Expected)> UserCases = new()
    {
        // userName: indexed, folded column (caseExact false), non-ASCII folding
        ["userName eq, any case"] = (_ => Eq("userName", "alice@EXAMPLE.com"), ["alice"]),
        ["userName eq, non-ASCII case"] = (_ => Eq("userName", "ĆAROL"), ["carol"]),
        ["userName ne"] = (_ => Op("userName", Op_.NotEqual, "BOB"), ["alice", "carol", "dave"]),
        ["userName co"] = (_ => Op("userName", Op_.Contains, "EXAMPLE"), ["alice"]),
        ["userName sw"] = (_ => Op("userName", Op_.StartsWith, "AL"), ["alice"]),
        ["userName ew"] = (_ => Op("userName", Op_.EndsWith, ".COM"), ["alice"]),
        ["userName co % is literal"] = (_ => Op("userName", Op_.Contains, "%"), ["dave"]),
        ["userName co _ is literal"] = (_ => Op("userName", Op_.Contains, "_"), ["dave"]),
        ["userName sw empty"] = (_ => Op("userName", Op_.StartsWith, ""), ["alice", "bob", "carol", "dave"]),
        ["userName gt"] = (_ => Op("userName", Op_.GreaterThan, "BOB"), ["carol", "dave"]),
        ["userName ge"] = (_ => Op("userName", Op_.GreaterThanOrEqual, "bob"), ["bob", "carol", "dave"]),
        ["userName lt"] = (_ => Op("userName", Op_.LessThan, "bob"), ["alice"]),
        ["userName le"] = (_ => Op("userName", Op_.LessThanOrEqual, "bob"), ["alice", "bob"]),
        ["userName pr"] = (_ => Pr("userName"), ["alice", "bob", "carol", "dave"]),
        ["userName with schema URN"] = (_ => new ComparisonFilter(P("userName", null, SchemaUrns.User), Op_.Equal, "bob"), ["bob"]),
        // id, externalId: indexed, caseExact
        ["id eq"] = (f => Eq("id", f.Ids["alice"]), ["alice"]),
        ["id eq, other case"] = (f => Eq("id", f.Ids["alice"].ToUpperInvariant()), []),
        ["id eq, a group's id"] = (f => Eq("id", f.Ids["engineers"]), []),
        ["externalId eq"] = (_ => Eq("externalId", "ext-alice"), ["alice"]),
        ["externalId eq is caseExact"] = (_ => Eq("externalId", "EXT-ALICE"), []),
        ["externalId pr"] = (_ => Pr("externalId"), ["alice", "bob"]),
        ["externalId sw"] = (_ => Op("externalId", Op_.StartsWith, "ext-b"), ["bob"]),
        // displayName: indexed, folded
        ["displayName eq"] = (_ => Eq("displayName", "alice ANDERSON"), ["alice"]),
        ["displayName pr"] = (_ => Pr("displayName"), ["alice", "bob", "dave"]),
        ["displayName co"] = (_ => Op("displayName", Op_.Contains, "BROWN"), ["bob"]),
        // plain attributes in the document
        ["title eq, folded"] = (_ => Eq("title", "ENGINEER"), ["alice"]),
        ["title co %_ is literal"] = (_ => Op("title", Op_.Contains, "%_"), ["dave"]),
        ["title pr ignores empty string"] = (_ => Pr("title"), ["alice", "bob", "dave"]),
        ["not title pr"] = (_ => Not(Pr("title")), ["carol"]),
        ["title ne (missing counts as not equal)"] = (_ => Op("title", Op_.NotEqual, "engineer"), ["bob", "carol", "dave"]),
        ["title ew"] = (_ => Op("title", Op_.EndsWith, "GER"), ["bob"]),
        ["title eq null means absent"] = (_ => Eq("title", null), ["carol"]),
        ["nickName ne null means present"] = (_ => Op("nickName", Op_.NotEqual, null), []),
        ["name.givenName sw"] = (_ => Op("name.givenName", Op_.StartsWith, "al"), ["alice"]),
        ["name.familyName pr"] = (_ => Pr("name.familyName"), ["alice"]),
        ["name pr"] = (_ => Pr("name"), ["alice", "bob"]),
        ["name[givenName eq]"] = (_ => Where("name", Eq("givenName", "BOB")), ["bob"]),
        ["active eq true"] = (_ => Eq("active", true), ["alice", "carol"]),
        ["active eq false"] = (_ => Eq("active", false), ["bob"]),
        ["active ne true"] = (_ => Op("active", Op_.NotEqual, true), ["bob", "dave"]),
        ["active pr"] = (_ => Pr("active"), ["alice", "bob", "carol"]),
        // emails and phoneNumbers: resource_values
        ["emails.value eq, folded"] = (_ => Eq("emails.value", "bob@work.example"), ["bob"]),
        ["emails eq means its value"] = (_ => Eq("emails", "ALICE@HOME.EXAMPLE"), ["alice"]),
        ["emails[type eq work].value eq"] = (_ => Where("emails", And(Eq("type", "work"), Eq("value", "alice@work.example"))), ["alice"]),
        ["emails[type eq WORK] folded type"] = (_ => Where("emails", Eq("type", "WORK")), ["alice", "bob"]),
        ["emails[...] needs one element"] = (_ => Where("emails", And(Eq("type", "work"), Eq("value", "alice@home.example"))), []),
        ["emails.type and emails.value on different elements"] = (_ => And(Eq("emails.type", "work"), Eq("emails.value", "alice@home.example")), ["alice"]),
        ["emails[primary eq true]"] = (_ => Where("emails", Eq("primary", true)), ["alice", "carol"]),
        ["emails[primary pr]"] = (_ => Where("emails", Pr("primary")), ["alice", "carol"]),
        ["emails.value co"] = (_ => Op("emails.value", Op_.Contains, "HOME"), ["alice", "carol"]),
        ["emails.value sw"] = (_ => Op("emails.value", Op_.StartsWith, "bob@"), ["bob"]),
        ["emails.value ew"] = (_ => Op("emails.value", Op_.EndsWith, "@home.example"), ["alice", "carol"]),
        ["emails pr"] = (_ => Pr("emails"), ["alice", "bob", "carol"]),
        ["not emails pr"] = (_ => Not(Pr("emails")), ["dave"]),
        ["emails[type eq home or type eq work] and not work"] = (_ => And(Where("emails", Eq("type", "home")), Not(Where("emails", Eq("type", "work")))), ["carol"]),
        ["emails[display pr] reads the document"] = (_ => Where("emails", And(Op("value", Op_.EndsWith, ".example"), Pr("display"))), []),
        ["emails[not (type eq work)]"] = (_ => Where("emails", Not(Eq("type", "work"))), ["alice", "carol"]),
        ["phoneNumbers.value eq"] = (_ => Eq("phoneNumbers.value", "+1 555 0100"), ["alice"]),
        ["phoneNumbers[type eq mobile]"] = (_ => Where("phoneNumbers", Eq("type", "mobile")), ["alice"]),
        // extension attributes under their URN
        ["enterprise employeeNumber eq"] = (_ => Ext(Enterprise, "employeeNumber", null, Op_.Equal, "1002"), ["bob"]),
        ["enterprise department eq, folded"] = (_ => Ext(Enterprise, "department", null, Op_.Equal, "r&d"), ["alice"]),
        ["enterprise manager.value eq"] = (f => Ext(Enterprise, "manager", "value", Op_.Equal, f.Ids["bob"]), ["alice"]),
        ["enterprise manager pr"] = (_ => new PresentFilter(P("manager", null, Enterprise)), ["alice"]),
        ["custom level gt"] = (_ => Ext(Custom, "level", null, Op_.GreaterThan, 5m), ["alice", "carol"]),
        ["custom level eq"] = (_ => Ext(Custom, "level", null, Op_.Equal, 3m), ["bob"]),
        ["custom level le"] = (_ => Ext(Custom, "level", null, Op_.LessThanOrEqual, 7m), ["alice", "bob"]),
        ["custom level ne"] = (_ => Ext(Custom, "level", null, Op_.NotEqual, 3m), ["alice", "carol", "dave"]),
        ["custom score lt"] = (_ => Ext(Custom, "score", null, Op_.LessThan, 3m), ["alice"]),
        ["custom score ge decimal"] = (_ => Ext(Custom, "score", null, Op_.GreaterThanOrEqual, 4.75m), ["bob"]),
        ["custom hiredAt eq across offsets"] = (_ => Ext(Custom, "hiredAt", null, Op_.Equal, "2019-06-01T07:00:00Z"), ["alice", "carol"]),
        ["custom hiredAt gt"] = (_ => Ext(Custom, "hiredAt", null, Op_.GreaterThan, "2020-01-01T00:00:00Z"), ["bob"]),
        ["custom hiredAt lt with offset"] = (_ => Ext(Custom, "hiredAt", null, Op_.LessThan, "2019-06-01T08:30:00+01:00"), ["alice", "carol"]),
        ["custom tags eq (multi-valued simple)"] = (_ => Ext(Custom, "tags", null, Op_.Equal, "b"), ["alice", "bob"]),
        ["custom tags pr"] = (_ => new PresentFilter(P("tags", null, Custom)), ["alice", "bob"]),
        ["custom isContractor eq true"] = (_ => Ext(Custom, "isContractor", null, Op_.Equal, true), ["bob"]),
        ["custom code is caseExact"] = (_ => Ext(Custom, "code", null, Op_.Equal, "abc"), ["bob"]),
        ["custom code co is caseExact"] = (_ => Ext(Custom, "code", null, Op_.Contains, "B"), ["alice"]),
        // meta, from columns
        ["meta.created gt"] = (_ => Op("meta.created", Op_.GreaterThan, "2025-01-02T03:34:05Z"), ["bob", "carol", "dave"]),
        ["meta.created ge"] = (_ => Op("meta.created", Op_.GreaterThanOrEqual, "2025-01-02T03:04:05Z"), ["alice", "bob", "carol", "dave"]),
        ["meta.created eq with offset"] = (_ => Eq("meta.created", "2025-01-02T05:04:05+02:00"), ["alice"]),
        ["meta.lastModified lt"] = (_ => Op("meta.lastModified", Op_.LessThan, "2025-01-02T05:04:05Z"), ["alice", "bob"]),
        ["meta.resourceType eq"] = (_ => Eq("meta.resourceType", "User"), ["alice", "bob", "carol", "dave"]),
        ["meta.version eq"] = (_ => Eq("meta.version", "W/\"1\""), ["alice", "bob", "carol", "dave"]),
        // groups: from memberships, direct and indirect
        ["groups.value eq direct"] = (f => Eq("groups.value", f.Ids["engineers"]), ["alice", "dave"]),
        ["groups.value eq nested"] = (f => Eq("groups.value", f.Ids["staff"]), ["alice", "bob", "dave"]),
        ["groups eq means its value"] = (f => Eq("groups", f.Ids["staff"]), ["alice", "bob", "dave"]),
        ["groups[type eq direct and value eq]"] = (f => Where("groups", And(Eq("type", "direct"), Eq("value", f.Ids["staff"]))), ["bob"]),
        ["groups[type eq indirect]"] = (_ => Where("groups", Eq("type", "indirect")), ["alice", "dave"]),
        ["groups.display eq, folded"] = (_ => Eq("groups.display", "all staff"), ["alice", "bob", "dave"]),
        ["groups pr"] = (_ => Pr("groups"), ["alice", "bob", "dave"]),
        ["not groups pr"] = (_ => Not(Pr("groups")), ["carol"]),
        // logic
        ["or then and"] = (_ => And(Or(Eq("userName", "bob"), Eq("userName", "alice@example.com")), Eq("active", true)), ["alice"]),
        ["not eq"] = (_ => Not(Eq("userName", "bob")), ["alice", "carol", "dave"]),
        ["not of missing is true"] = (_ => Not(Eq("name.givenName", "Alice")), ["bob", "carol", "dave"]),
        ["not not"] = (_ => Not(Not(Eq("active", true))), ["alice", "carol"]),
        ["or across index and document"] = (_ => Or(Eq("emails.value", "carol@home.example"), Eq("title", "manager")), ["bob", "carol"]),
        ["and with nothing"] = (_ => And(Eq("userName", "bob"), Eq("userName", "alice@example.com")), []),
    };

    public static TheoryData<string> UserCaseNames() => [.. UserCases.Keys];

    [Theory]
    [MemberData(nameof(UserCaseNames))]
    public async Task User_filter(string name)
    {
        var (filter, expected) = UserCases[name];
        var keys = await fixture.KeysAsync(DirectoryFixture.UserSchema, new ResourceQuery(filter(fixture), null, false, 1, 100));
        Assert.Equal(expected.Order(), keys.Order());

        var count = await fixture.Store.QueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, new ResourceQuery(filter(fixture), null, false, 1, 0));
        Assert.Equal(expected.Length, count.TotalResults);
        Assert.Empty(count.Resources);
    }

    internal static readonly Dictionary<string, (Func<DirectoryFixture, FilterNode> Filter, string[] Expected)> GroupCases = new()
    {
        ["displayName eq"] = (_ => Eq("displayName", "ENGINEERS"), ["engineers"]),
        ["displayName sw"] = (_ => Op("displayName", Op_.StartsWith, "e"), ["empty", "engineers"]),
        ["members.value eq"] = (f => Eq("members.value", f.Ids["alice"]), ["engineers"]),
        ["members eq means its value"] = (f => Eq("members", f.Ids["bob"]), ["staff"]),
        ["members.value eq a nested group"] = (f => Eq("members.value", f.Ids["engineers"]), ["staff"]),
        ["members[type eq Group]"] = (_ => Where("members", Eq("type", "group")), ["staff"]),
        ["members.display co"] = (_ => Op("members.display", Op_.Contains, "DAVE"), ["engineers"]),
        ["members pr"] = (_ => Pr("members"), ["engineers", "staff"]),
        ["not members pr"] = (_ => Not(Pr("members")), ["empty"]),
        ["meta.resourceType eq"] = (_ => Eq("meta.resourceType", "Group"), ["empty", "engineers", "staff"]),
        ["externalId pr"] = (_ => Pr("externalId"), []),
    };

    public static TheoryData<string> GroupCaseNames() => [.. GroupCases.Keys];

    [Theory]
    [MemberData(nameof(GroupCaseNames))]
    public async Task Group_filter(string name)
    {
        var (filter, expected) = GroupCases[name];
        var keys = await fixture.KeysAsync(ScimSchemas.GroupResource, new ResourceQuery(filter(fixture), null, false, 1, 100));
        Assert.Equal(expected.Order(), keys.Order());
    }

    public static TheoryData<string> InvalidFilters() =>
    [
        "unknown attribute",
        "unknown sub-attribute",
        "unknown extension attribute",
        "string compared with a number",
        "boolean compared with a string",
        "boolean gt",
        "number co",
        "dateTime that is not one",
        "complex compared",
        "nested value filter",
        "gt null",
        "value filter on a simple attribute",
        "value filter on a multi-valued simple attribute",
        "value filter with a qualified sub-attribute",
    ];

    private static FilterNode InvalidFilter(string name) => name switch
    {
        "unknown attribute" => Eq("shoeSize", "42"),
        "unknown sub-attribute" => Eq("emails.colour", "red"),
        "unknown extension attribute" => Ext(Enterprise, "shoeSize", null, Op_.Equal, "42"),
        "string compared with a number" => Eq("userName", 42m),
        "boolean compared with a string" => Eq("active", "true"),
        "boolean gt" => Op("active", Op_.GreaterThan, true),
        "number co" => Ext(Custom, "level", null, Op_.Contains, 1m),
        "dateTime that is not one" => Op("meta.created", Op_.GreaterThan, "yesterday"),
        "complex compared" => Eq("name", "Alice"),
        "nested value filter" => Where("emails", Where("emails", Eq("type", "work"))),
        "gt null" => Op("title", Op_.GreaterThan, null),
        "value filter on a simple attribute" => Where("userName", Eq("value", "x")),
        "value filter on a multi-valued simple attribute" => new ValuePathFilter(P("tags", null, Custom), Eq("value", "a")),
        "value filter with a qualified sub-attribute" => Where("emails", Eq("emails.value", "carol@home.example")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(InvalidFilters))]
    public async Task Invalid_filter_is_400_invalidFilter(string name)
    {
        var error = await Assert.ThrowsAsync<ScimException>(() =>
            fixture.Store.QueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, new ResourceQuery(InvalidFilter(name), null, false, 1, 10)));
        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
    }

    [Fact]
    public async Task Extension_attributes_are_unknown_to_a_schema_without_the_extension()
    {
        var error = await Assert.ThrowsAsync<ScimException>(() => fixture.Store.QueryAsync(DirectoryFixture.Tenant, ScimSchemas.UserResource,
            new ResourceQuery(Ext(Custom, "level", null, Op_.Equal, 1m), null, false, 1, 10)));
        Assert.Equal(ScimErrorTypes.InvalidFilter, error.ScimType);
    }

    [Fact]
    public async Task Queries_never_see_another_tenant()
    {
        var all = await fixture.Store.QueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, new ResourceQuery(null, null, false, 1, 100));
        Assert.Equal(4, all.TotalResults);
        Assert.All(all.Resources, r => Assert.Equal(DirectoryFixture.Tenant, r.Tenant));

        var other = await fixture.Store.QueryAsync(DirectoryFixture.OtherTenant, DirectoryFixture.UserSchema, new ResourceQuery(Eq("emails.value", "bob@work.example"), null, false, 1, 100));
        Assert.Single(other.Resources);
        Assert.Equal(DirectoryFixture.OtherTenant, other.Resources[0].Tenant);
        var otherGroups = await fixture.Store.QueryAsync(DirectoryFixture.OtherTenant, ScimSchemas.GroupResource, new ResourceQuery(null, null, false, 1, 100));
        Assert.Single(otherGroups.Resources);
        Assert.Null(await fixture.Store.GetAsync(DirectoryFixture.OtherTenant, "User", fixture.Ids["bob"]));
    }

    [Fact]
    public async Task Listed_resources_are_composed_like_single_reads()
    {
        var listed = await fixture.Store.QueryAsync(DirectoryFixture.Tenant, DirectoryFixture.UserSchema, new ResourceQuery(Eq("userName", "alice@example.com"), null, false, 1, 10));
        var read = await fixture.Store.GetAsync(DirectoryFixture.Tenant, "User", fixture.Ids["alice"]);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(read!.Document, listed.Resources.Single().Document));
        Assert.Equal(2, read.Document["groups"]!.AsArray().Count);
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class FilterTranslationTests(SqliteDirectoryFixture fixture) : FilterTranslationTestsBase(fixture);
