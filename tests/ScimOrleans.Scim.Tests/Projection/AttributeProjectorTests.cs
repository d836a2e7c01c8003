using System.Text.Json.Nodes;
using ScimOrleans.Scim.Projection;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Projection;

public sealed class AttributeProjectorTests
{
    private const string Core = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Custom = TestSchemas.CustomUrn;

    private static JsonObject User() => Obj(
        $"{{'schemas':['{Core}','{Enterprise}','{Custom}'],'id':'u1','externalId':'e1','userName':'bjensen','password':'leaked?'," +
        "'name':{'givenName':'Barbara','familyName':'Jensen'}," +
        "'emails':[{'value':'b@work.example','type':'work','primary':true},{'value':'b@home.example','type':'home'}]," +
        $"'{Enterprise}':{{'employeeNumber':'7','department':'Tours'}}," +
        $"'{Custom}':{{'Division':'North','secretNote':'only on request'}}," +
        "'meta':{'resourceType':'User','created':'2024-01-01T00:00:00Z','lastModified':'2024-02-01T00:00:00Z','version':'W/1'}}");

    private static JsonObject Project(string? attributes, string? excluded) =>
        AttributeProjector.Project(User(), TestSchemas.User, AttributeProjector.ParseList(attributes), AttributeProjector.ParseList(excluded));

    [Theory]
    [InlineData("userName", null)]
    [InlineData("name.givenName,emails.value", null)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", null)]
    [InlineData("urn:scim:skillcast:User:secretNote", "emails")]
    [InlineData(null, "emails.type,name,meta")]
    [InlineData(null, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")]
    public void Projecting_in_place_writes_the_same_json_as_projecting_a_copy(string? attributes, string? excluded)
    {
        var copied = Project(attributes, excluded);
        var owned = User();

        var moved = AttributeProjector.ProjectInPlace(owned, TestSchemas.User, AttributeProjector.ParseList(attributes), AttributeProjector.ParseList(excluded));

        Assert.Equal(copied.ToJsonString(), moved.ToJsonString());
        Assert.Empty(owned);
    }

    [Fact]
    public void By_default_never_and_request_attributes_are_left_out()
    {
        var result = Project(null, null);

        Assert.False(result.ContainsKey("password"));
        Same("{'Division':'North'}", result[Custom]);
        Assert.Equal("bjensen", result["userName"]!.GetValue<string>());
        Assert.NotNull(result["meta"]);
    }

    [Fact]
    public void Attributes_returns_only_what_is_named_plus_id_and_schemas()
    {
        var result = Project("userName", null);

        Same($"{{'schemas':['{Core}'],'id':'u1','userName':'bjensen'}}", result);
    }

    [Theory]
    [InlineData("name.givenName", "name", "{'givenName':'Barbara'}")]
    [InlineData("emails.value", "emails", "[{'value':'b@work.example'},{'value':'b@home.example'}]")]
    [InlineData("emails.value,emails.type", "emails", "[{'value':'b@work.example','type':'work'},{'value':'b@home.example','type':'home'}]")]
    [InlineData("meta.lastModified", "meta", "{'lastModified':'2024-02-01T00:00:00Z'}")]
    [InlineData("NAME.GIVENNAME", "name", "{'givenName':'Barbara'}")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", "name", "{'familyName':'Jensen'}")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", Enterprise, "{'employeeNumber':'7'}")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Enterprise, "{'employeeNumber':'7','department':'Tours'}")]
    [InlineData("urn:scim:skillcast:User:secretNote", Custom, "{'secretNote':'only on request'}")]
    [InlineData("urn:scim:skillcast:User", Custom, "{'Division':'North'}")]
    public void Attributes_may_name_sub_attributes_and_extensions(string attributes, string key, string expected)
    {
        var result = Project(attributes, null);

        Same(expected, result[key]);
    }

    [Fact]
    public void Schemas_lists_only_the_extensions_returned()
    {
        var result = Project($"userName,{Enterprise}:department", null);

        Same($"['{Core}','{Enterprise}']", result["schemas"]);
        Assert.False(result.ContainsKey(Custom));
    }

    [Theory]
    [InlineData("emails", "emails", null)]
    [InlineData("name.givenName", "name", "{'familyName':'Jensen'}")]
    [InlineData("emails.type,emails.primary", "emails", "[{'value':'b@work.example'},{'value':'b@home.example'}]")]
    [InlineData("meta.created,meta.lastModified", "meta", "{'resourceType':'User','version':'W/1'}")]
    [InlineData("meta", "meta", null)]
    [InlineData("meta.resourceType,meta.created,meta.lastModified,meta.version", "meta", null)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", Enterprise, "{'employeeNumber':'7'}")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", Enterprise, null)]
    public void Excluded_attributes_are_removed_and_emptied_containers_dropped(string excluded, string key, string? expected)
    {
        var result = Project(null, excluded);

        if (expected is null)
        {
            Assert.False(result.ContainsKey(key));
        }
        else
        {
            Same(expected, result[key]);
        }
    }

    [Fact]
    public void Excluding_a_whole_extension_drops_it_from_schemas()
    {
        var result = Project(null, Enterprise);

        Assert.False(result.ContainsKey(Enterprise));
        Same($"['{Core}','{Custom}']", result["schemas"]);
    }

    [Theory]
    [InlineData(null, "id,schemas")]
    [InlineData("userName", "id")]
    [InlineData("userName", "password")]
    [InlineData("password", null)]
    public void Always_attributes_stay_and_never_attributes_stay_out(string? attributes, string? excluded)
    {
        var result = Project(attributes, excluded);

        Assert.Equal("u1", result["id"]!.GetValue<string>());
        Assert.NotNull(result["schemas"]);
        Assert.False(result.ContainsKey("password"));
    }

    [Fact]
    public void Excluded_applies_to_the_selected_attributes()
    {
        var result = Project("userName,name", "name.familyName");

        Same($"{{'schemas':['{Core}'],'id':'u1','userName':'bjensen','name':{{'givenName':'Barbara'}}}}", result);
    }

    [Fact]
    public void Unknown_names_are_ignored()
    {
        var result = Project("userName,nickname2,urn:example:Nope:x,name.nick", "shoeSize,urn:example:Other");

        Same($"{{'schemas':['{Core}'],'id':'u1','userName':'bjensen'}}", result);
        Assert.Equal(Project(null, null).ToJsonString(), Project(null, "shoeSize").ToJsonString());
    }

    [Fact]
    public void Projection_does_not_mutate_the_input()
    {
        var user = User();

        var result = AttributeProjector.Project(user, TestSchemas.User, ["name.givenName"], ["emails"]);
        result["name"]!["givenName"] = "changed";

        Assert.True(JsonNode.DeepEquals(User(), user));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData(" , ,", null)]
    [InlineData("userName", new[] { "userName" })]
    [InlineData(" userName , name.givenName ,,emails ", new[] { "userName", "name.givenName", "emails" })]
    public void ParseList_splits_the_query_parameter(string? parameter, string[]? expected) =>
        Assert.Equal(expected, AttributeProjector.ParseList(parameter));
}
