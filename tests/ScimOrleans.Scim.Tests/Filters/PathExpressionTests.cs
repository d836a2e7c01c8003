using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Tests.Filters;

public sealed class PathExpressionTests
{
    [Theory]
    [InlineData("userName", null, "userName", null, null, null)]
    [InlineData("name.givenName", null, "name", "givenName", null, null)]
    [InlineData("emails[type eq \"work\"]", null, "emails", null, "(eq type \"work\")", null)]
    [InlineData("emails[type eq \"work\"].value", null, "emails", null, "(eq type \"work\")", "value")]
    [InlineData("members[value eq \"a]b\"]", null, "members", null, "(eq value \"a]b\")", null)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "manager", "value", null, null)]
    public void Parses_patch_paths(string text, string? urn, string name, string? sub, string? filter, string? valueSub)
    {
        var path = FilterParser.ParsePath(text);

        Assert.Equal(new AttributePath(urn, name, sub), path.Attribute);
        Assert.Equal(filter, path.ValueFilter is null ? null : FilterText.Of(path.ValueFilter));
        Assert.Equal(valueSub, path.SubAttribute);
    }

    [Fact]
    public void With_a_schema_a_bare_extension_urn_names_the_whole_extension()
    {
        var path = FilterParser.ParsePath(SchemaUrns.EnterpriseUser, ScimSchemas.UserResource);

        Assert.Equal(new AttributePath(SchemaUrns.EnterpriseUser, "", null), path.Attribute);
    }

    [Theory]
    [InlineData("", ScimErrorTypes.InvalidPath)]
    [InlineData("name.givenName.x", ScimErrorTypes.InvalidPath)]
    [InlineData("emails[type eq \"work\"", ScimErrorTypes.InvalidPath)]
    [InlineData("emails[type eq \"work\"]value", ScimErrorTypes.InvalidPath)]
    [InlineData("emails[type eq \"work\"].", ScimErrorTypes.InvalidPath)]
    [InlineData("emails.value[type eq \"work\"]", ScimErrorTypes.InvalidPath)]
    [InlineData("emails[type eq]", ScimErrorTypes.InvalidFilter)]
    public void Rejects_malformed_patch_paths(string text, string scimType)
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.ParsePath(text));

        Assert.Equal(scimType, error.ScimType);
    }
}
