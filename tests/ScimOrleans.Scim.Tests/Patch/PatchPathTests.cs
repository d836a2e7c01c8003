using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Patch;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Patch;

public sealed class PatchPathTests
{
    [Theory]
    [InlineData("userName", "urn:ietf:params:scim:schemas:core:2.0:User:userName", false)]
    [InlineData("USERNAME", "urn:ietf:params:scim:schemas:core:2.0:User:userName", false)]
    [InlineData("name.givenName", "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", false)]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", false)]
    [InlineData("urn:scim:skillcast:User:division", "urn:scim:skillcast:User:Division", false)]
    [InlineData("emails[type eq \"work\"]", "urn:ietf:params:scim:schemas:core:2.0:User:emails", true)]
    [InlineData("emails[type eq \"work\"].value", "urn:ietf:params:scim:schemas:core:2.0:User:emails.value", true)]
    [InlineData("emails[value eq \"a]b\"].value", "urn:ietf:params:scim:schemas:core:2.0:User:emails.value", true)]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\" and primary eq true].value", "urn:ietf:params:scim:schemas:core:2.0:User:emails.value", true)]
    [InlineData("addresses[type eq \"work\"].streetAddress", "urn:ietf:params:scim:schemas:core:2.0:User:addresses.streetAddress", true)]
    public void Valid_paths_resolve_to_their_attribute(string text, string fullName, bool filtered)
    {
        var path = PatchPath.Parse(text, TestSchemas.User);

        Assert.Equal(fullName, path.Target!.FullName);
        Assert.Equal(filtered, path.Filter is not null);
    }

    [Fact]
    public void A_bare_extension_urn_names_the_whole_extension()
    {
        var path = PatchPath.Parse(PatchFixtures.Enterprise, TestSchemas.User);

        Assert.Null(path.Target);
        Assert.Equal(PatchFixtures.Enterprise, path.Schema.Id);
    }

    [Fact]
    public void The_bracket_content_is_parsed_as_a_value_filter()
    {
        var path = PatchPath.Parse("members[value eq \"u1\"]", Scim.Schema.ScimSchemas.GroupResource);

        var comparison = Assert.IsType<ComparisonFilter>(path.Filter);
        Assert.Equal("value", comparison.Path.Name);
        Assert.Equal("u1", comparison.Value);
    }

    [Theory]
    [InlineData("nickname2")]
    [InlineData("name.nick")]
    [InlineData("name.givenName.more")]
    [InlineData("urn:example:Unknown:attr")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User")]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("emails]")]
    [InlineData("emails[type eq \"work\"].nope")]
    [InlineData("emails[type eq \"work\"]value")]
    [InlineData("emails[type eq \"work\"].value.more")]
    [InlineData("emails[type eq \"work\"][primary eq true]")]
    [InlineData("userName[value eq \"x\"]")]
    [InlineData("name[givenName eq \"x\"]")]
    [InlineData("emails.value[type eq \"work\"]")]
    [InlineData("[type eq \"work\"]")]
    [InlineData("emails[type eq]")]
    [InlineData("emails[]")]
    [InlineData(" ")]
    public void Malformed_or_unknown_paths_are_invalid_path(string text) =>
        Fails(() => PatchPath.Parse(text, TestSchemas.User), ScimErrorTypes.InvalidPath);
}
