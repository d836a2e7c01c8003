using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Tests;

/// <summary>Filters as IdPs write them, through the real parser, against the store.</summary>
public abstract class ParsedFilterTestsBase(DirectoryFixture fixture)
{
    [Theory]
    [InlineData("userName eq \"ALICE@example.com\"", "alice")]
    [InlineData("externalId eq \"ext-bob\"", "bob")]
    [InlineData("emails[type eq \"work\"].value eq \"bob@work.example\"", "bob")]
    [InlineData("emails[type eq \"work\" and value eq \"alice@work.example\"]", "alice")]
    [InlineData("emails.value eq \"carol@home.example\"", "carol")]
    [InlineData("displayName eq \"Dave\"", "dave")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bob\"", "bob")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"1001\"", "alice")]
    [InlineData("urn:scim:acme:User:level gt 5 and not (userName sw \"ć\")", "alice")]
    [InlineData("title pr and (active eq false or userName co \"%\")", "bob,dave")]
    [InlineData("meta.created ge \"2025-01-02T05:04:05Z\"", "carol,dave")]
    [InlineData("name.givenName sw \"A\" or name[givenName eq \"bob\"]", "alice,bob")]
    [InlineData("emails[not (type eq \"work\")] and active eq true", "alice,carol")]
    public async Task Parsed_user_filter(string filter, string expected)
    {
        var keys = await fixture.KeysAsync(DirectoryFixture.UserSchema, new ResourceQuery(FilterParser.Parse(filter), null, false, 1, 100));
        Assert.Equal(expected.Split(',').Order(), keys.Order());
    }

    [Fact]
    public async Task Parsed_group_filters()
    {
        var byMember = FilterParser.Parse($"members[value eq \"{fixture.Ids["bob"]}\"]");
        Assert.Equal(["staff"], await fixture.KeysAsync(ScimSchemas.GroupResource, new ResourceQuery(byMember, null, false, 1, 10)));

        var byGroup = FilterParser.Parse($"groups.value eq \"{fixture.Ids["staff"]}\" and groups[type eq \"indirect\"]");
        Assert.Equal(["alice", "dave"], (await fixture.KeysAsync(DirectoryFixture.UserSchema, new ResourceQuery(byGroup, null, false, 1, 10))).Order());
    }
}

/// <summary>The tests above on the embedded SQLite store.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class ParsedFilterTests(SqliteDirectoryFixture fixture) : ParsedFilterTestsBase(fixture);
