using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using static ScimOrleans.Scim.Tests.Patch.PatchFixtures;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Patch;

/// <summary>Requests as Entra ID, Okta and OneLogin actually send them.</summary>
public sealed class PatchIdpShapesTests
{
    [Fact]
    public void Entra_disables_a_user_with_a_string_boolean()
    {
        var result = Apply(User(), "{'op':'Replace','path':'active','value':'False'}");

        Assert.False(result.Document["active"]!.GetValue<bool>());
    }

    [Fact]
    public void Entra_updates_several_attributes_in_one_request()
    {
        var result = Apply(User(),
            "{'op':'Add','path':'displayName','value':'Barbara Jensen'}," +
            "{'op':'Replace','path':'emails[type eq `work`].value','value':'barbara@work.example'}," +
            "{'op':'Add','path':'name.givenName','value':'Barbara'}," +
            "{'op':'Add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department','value':'Tours'}," +
            "{'op':'Replace','path':'externalId','value':'e-1'}");

        Assert.Equal("Barbara Jensen", result.Document["displayName"]!.GetValue<string>());
        Assert.Equal("barbara@work.example", result.Document["emails"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Tours", result.Document[Enterprise]!["department"]!.GetValue<string>());
        Assert.Equal("e-1", result.Document["externalId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{'value':'m1'}")]
    [InlineData("[{'value':'m1'}]")]
    [InlineData("'m1'")]
    public void Entra_sets_the_manager_in_any_of_its_shapes(string value)
    {
        var result = Apply(User(), $"{{'op':'Add','path':'{Enterprise}:manager','value':{value}}}");

        Same("{'manager':{'value':'m1'}}", result.Document[Enterprise]);
    }

    [Fact]
    public void Entra_removes_the_manager()
    {
        var user = User();
        user[Enterprise] = Node("{'manager':{'value':'m1'},'department':'d'}");

        var result = Apply(user, $"{{'op':'Remove','path':'{Enterprise}:manager','value':[{{'value':'m1'}}]}}");

        Same("{'department':'d'}", result.Document[Enterprise]);
    }

    [Fact]
    public void Entra_adds_members_with_a_value_array()
    {
        var result = ApplyToGroup(Group(), "{'op':'Add','path':'members','value':[{'value':'u4'},{'value':'u5'}]}");

        Assert.Equal(["u1", "u2", "u3", "u4", "u5"], MemberIds(result.Document));
    }

    [Fact]
    public void Entra_removes_only_the_members_listed_in_value()
    {
        var result = ApplyToGroup(Group(), "{'op':'Remove','path':'members','value':[{'$ref':null,'value':'u2'},{'value':'not-a-member'}]}");

        Assert.Equal(["u1", "u3"], MemberIds(result.Document));
        Assert.True(result.Changed);
    }

    [Fact]
    public void Removing_members_without_value_clears_the_group()
    {
        var result = ApplyToGroup(Group(), "{'op':'remove','path':'members'}");

        Assert.Empty(MemberIds(result.Document));
    }

    [Fact]
    public void Remove_with_a_member_filter_removes_that_member()
    {
        var result = ApplyToGroup(Group(), "{'op':'remove','path':'members[value eq `u1`]'}");

        Assert.Equal(["u2", "u3"], MemberIds(result.Document));
    }

    [Fact]
    public void Remove_with_a_member_filter_matching_nobody_is_a_harmless_no_op() =>
        Assert.Equal(["u1", "u2", "u3"], MemberIds(ApplyToGroup(Group(), "{'op':'remove','path':'members[value eq `nobody`]'}").Document));

    [Theory]
    [InlineData("{'op':'Add','path':'members','value':[{'value':'u1'}]}")]
    [InlineData("{'op':'add','path':'members','value':[{'value':'u2','type':'User','display':'Ann'}]}")]
    [InlineData("{'op':'add','value':{'members':[{'value':'u3'}]}}")]
    public void Adding_a_member_already_present_is_harmless(string operation)
    {
        var result = ApplyToGroup(Group(), operation);

        Assert.Equal(["u1", "u2", "u3"], MemberIds(result.Document));
        Assert.False(result.Changed);
    }

    [Fact]
    public void Changing_a_members_value_is_mutability() =>
        Fails(() => ApplyToGroup(Group(), "{'op':'replace','path':'members[value eq `u1`].value','value':'u9'}"), ScimErrorTypes.Mutability);

    [Fact]
    public void Okta_deactivates_with_a_no_path_replace()
    {
        var result = Apply(User(), "{'op':'replace','value':{'active':false}}");

        Assert.False(result.Document["active"]!.GetValue<bool>());
    }

    [Fact]
    public void Okta_renames_a_group_echoing_its_id()
    {
        var result = ApplyToGroup(Group(), "{'op':'replace','value':{'id':'g1','displayName':'Engineering'}}");

        Assert.Equal("Engineering", result.Document["displayName"]!.GetValue<string>());
        Assert.Equal("g1", result.Document["id"]!.GetValue<string>());
        Assert.Equal(["u1", "u2", "u3"], MemberIds(result.Document));
    }

    [Fact]
    public void Okta_removes_and_adds_members_in_one_request()
    {
        var result = ApplyToGroup(Group(),
            "{'op':'remove','path':'members[value eq `u1`]'}," +
            "{'op':'add','path':'members','value':[{'value':'u7','display':'Seven'}]}");

        Assert.Equal(["u2", "u3", "u7"], MemberIds(result.Document));
        Same("{'value':'u7'}", result.Document["members"]![2]);
    }

    [Theory]
    [InlineData("[{'value':'u3'},{'value':'u8'}]", new[] { "u3", "u8" })]
    [InlineData("[]", new string[0])]
    public void Okta_replaces_all_members(string members, string[] expected)
    {
        var result = ApplyToGroup(Group(), $"{{'op':'replace','path':'members','value':{members}}}");

        Assert.Equal(expected, MemberIds(result.Document));
    }

    [Fact]
    public void OneLogin_uses_lowercase_ops_and_string_booleans()
    {
        var user = User();
        user["active"] = false;

        var result = Apply(user, "{'op':'replace','path':'active','value':'true'},{'op':'add','path':'emails[type eq `home`].primary','value':'true'}");

        Assert.True(result.Document["active"]!.GetValue<bool>());
        Same("[{'value':'b@work.example','type':'work','primary':false},{'value':'b@home.example','type':'home','primary':true}]", result.Document["emails"]);
    }

    [Fact]
    public void A_group_patch_cannot_remove_its_displayName() =>
        Fails(() => ApplyToGroup(Group(), "{'op':'remove','path':'displayName'}"), ScimErrorTypes.Mutability);

    [Fact]
    public void A_stored_document_with_derived_member_display_is_not_reported_changed()
    {
        var group = Group();
        group["members"]![0]!["display"] = "Ann";

        var result = ApplyToGroup(group, "{'op':'add','path':'members','value':[{'value':'u1'}]}");

        Assert.False(result.Changed);
        Assert.True(JsonNode.DeepEquals(Group()["members"], result.Document["members"]));
    }
}
