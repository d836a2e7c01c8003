using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using static ScimOrleans.Scim.Tests.Patch.PatchFixtures;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Patch;

public sealed class PatchEngineTests
{
    private const string Custom = TestSchemas.CustomUrn;

    [Theory]
    [InlineData("{'op':'replace','path':'displayName','value':'Barbara'}", "displayName", "'Barbara'")]
    [InlineData("{'op':'add','path':'title','value':'Tour Guide'}", "title", "'Tour Guide'")]
    [InlineData("{'op':'add','path':'name.givenName','value':'Barbara'}", "name", "{'givenName':'Barbara'}")]
    [InlineData("{'op':'replace','path':'active','value':false}", "active", "false")]
    [InlineData("{'op':'replace','path':'ACTIVE','value':'False'}", "active", "false")]
    [InlineData("{'op':'replace','path':'userName','value':'babs'}", "userName", "'babs'")]
    [InlineData("{'op':'replace','value':{'displayName':'Barbara'}}", "displayName", "'Barbara'")]
    [InlineData("{'op':'add','value':{'name.familyName':'Jensen'}}", "name", "{'familyName':'Jensen'}")]
    [InlineData("{'op':'replace','value':{'name':{'givenName':'B'}}}", "name", "{'givenName':'B'}")]
    public void Add_and_replace_set_the_target(string operation, string attribute, string expected)
    {
        var result = Apply(User(), operation);

        Same(expected, result.Document[attribute]);
        Assert.True(result.Changed);
    }

    [Fact]
    public void Replace_on_a_complex_attribute_keeps_sub_attributes_not_given()
    {
        var user = User();
        user["name"] = Node("{'givenName':'Barbara','familyName':'Jensen'}");

        var result = Apply(user, "{'op':'replace','path':'name','value':{'familyName':'Smith'}}");

        Same("{'givenName':'Barbara','familyName':'Smith'}", result.Document["name"]);
    }

    [Fact]
    public void Remove_takes_the_attribute_away()
    {
        var result = Apply(User(), "{'op':'remove','path':'displayName'}");

        Assert.False(result.Document.ContainsKey("displayName"));
        Assert.True(result.Changed);
    }

    [Theory]
    [InlineData("{'op':'remove','path':'title'}")]
    [InlineData("{'op':'remove','path':'name.givenName'}")]
    [InlineData("{'op':'remove','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'}")]
    [InlineData("{'op':'remove','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'}")]
    [InlineData("{'op':'replace','path':'title','value':null}")]
    [InlineData("{'op':'replace','path':'displayName','value':'Babs'}")]
    [InlineData("{'op':'replace','path':'active','value':'True'}")]
    [InlineData("{'op':'add','path':'emails','value':[{'value':'b@home.example','type':'home'}]}")]
    public void Operations_without_effect_report_no_change(string operation)
    {
        var result = Apply(User(), operation);

        Assert.False(result.Changed);
        Assert.True(JsonNode.DeepEquals(User(), result.Document), result.Document.ToJsonString());
    }

    [Theory]
    [InlineData("{'op':'replace','path':'displayName','value':null}")]
    [InlineData("{'op':'add','path':'displayName','value':null}")]
    [InlineData("{'op':'replace','path':'displayName','value':''}")]
    [InlineData("{'op':'replace','value':{'displayName':null}}")]
    public void An_explicit_null_value_removes_the_attribute(string operation)
    {
        var result = Apply(User(), operation);

        Assert.False(result.Document.ContainsKey("displayName"));
    }

    [Fact]
    public void Remove_without_path_is_no_target() =>
        Fails(() => Apply(User(), "{'op':'remove'}"), ScimErrorTypes.NoTarget);

    [Theory]
    [InlineData("{'op':'replace','path':'id','value':'x'}")]
    [InlineData("{'op':'remove','path':'meta'}")]
    [InlineData("{'op':'replace','path':'meta.version','value':'x'}")]
    [InlineData("{'op':'add','path':'groups','value':[{'value':'g1'}]}")]
    [InlineData("{'op':'add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName','value':'Boss'}")]
    public void Read_only_targets_are_mutability(string operation) =>
        Fails(() => Apply(User(), operation), ScimErrorTypes.Mutability);

    [Theory]
    [InlineData("{'op':'remove','path':'userName'}")]
    [InlineData("{'op':'replace','path':'userName','value':null}")]
    [InlineData("{'op':'replace','path':'userName','value':''}")]
    public void Removing_a_required_attribute_is_mutability(string operation) =>
        Fails(() => Apply(User(), operation), ScimErrorTypes.Mutability);

    [Theory]
    [InlineData("{'op':'replace','path':'nickname2','value':'x'}", ScimErrorTypes.InvalidPath)]
    [InlineData("{'op':'replace','path':'name.nick','value':'x'}", ScimErrorTypes.InvalidPath)]
    [InlineData("{'op':'replace','path':'emails[type eq `work`','value':'x'}", ScimErrorTypes.InvalidPath)]
    [InlineData("{'op':'replace','value':{'nickname2':'x'}}", ScimErrorTypes.InvalidValue)]
    [InlineData("{'op':'replace','value':{'urn:example:Unknown:attr':'x'}}", ScimErrorTypes.InvalidValue)]
    [InlineData("{'op':'replace','path':'active','value':'maybe'}", ScimErrorTypes.InvalidValue)]
    [InlineData("{'op':'replace','path':'displayName','value':{'a':1}}", ScimErrorTypes.InvalidValue)]
    [InlineData("{'op':'add','path':'emails','value':[{'value':'x@y','primary':true},{'value':'z@y','primary':true}]}", ScimErrorTypes.InvalidValue)]
    [InlineData("{'op':'replace','path':'emails.primary','value':true}", ScimErrorTypes.InvalidValue)]
    public void Patch_with_invalid_path_or_value_changes_nothing(string operation, string scimType)
    {
        var user = User();

        Fails(() => Apply(user, operation), scimType);

        Assert.True(JsonNode.DeepEquals(User(), user));
    }

    [Fact]
    public void A_request_whose_third_operation_fails_leaves_the_document_identical()
    {
        var user = User();

        var error = Fails(() => Apply(user,
            "{'op':'replace','path':'displayName','value':'Changed'}," +
            "{'op':'remove','path':'emails[type eq `home`]'}," +
            "{'op':'replace','path':'id','value':'hijack'}," +
            "{'op':'add','path':'title','value':'never applied'}"), ScimErrorTypes.Mutability);

        Assert.StartsWith("Operation 3:", error.Detail);
        Assert.True(JsonNode.DeepEquals(User(), user));
    }

    [Fact]
    public void A_successful_patch_does_not_mutate_its_input()
    {
        var user = User();

        var result = Apply(user, "{'op':'replace','path':'displayName','value':'Changed'},{'op':'remove','path':'emails'}");

        Assert.True(JsonNode.DeepEquals(User(), user));
        Assert.Equal("Changed", result.Document["displayName"]!.GetValue<string>());
    }

    [Fact]
    public void The_result_keeps_id_and_meta()
    {
        var result = Apply(User(), "{'op':'replace','path':'displayName','value':'Changed'}");

        Assert.Equal("u1", result.Document["id"]!.GetValue<string>());
        Same("{'resourceType':'User','version':'W/1'}", result.Document["meta"]);
    }

    [Fact]
    public void Adding_to_a_multi_valued_attribute_appends()
    {
        var result = Apply(User(), "{'op':'add','path':'emails','value':[{'value':'b@other.example','type':'other'}]}");

        Assert.Equal(["b@work.example", "b@home.example", "b@other.example"], result.Document["emails"]!.AsArray().Select(e => e!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Adding_a_single_value_to_a_multi_valued_attribute_appends_it()
    {
        var result = Apply(User(), "{'op':'add','path':'phoneNumbers','value':{'value':'555','type':'work'}}");

        Same("[{'value':'555','type':'work'}]", result.Document["phoneNumbers"]);
    }

    [Fact]
    public void Replacing_a_multi_valued_attribute_without_filter_replaces_all_values()
    {
        var result = Apply(User(), "{'op':'replace','path':'emails','value':[{'value':'only@example.com','type':'work'}]}");

        Same("[{'value':'only@example.com','type':'work'}]", result.Document["emails"]);
    }

    [Fact]
    public void Adding_a_primary_value_makes_the_others_not_primary()
    {
        var result = Apply(User(), "{'op':'add','path':'emails','value':[{'value':'new@example.com','type':'other','primary':true}]}");

        Same("[{'value':'b@work.example','type':'work','primary':false},{'value':'b@home.example','type':'home'},{'value':'new@example.com','type':'other','primary':true}]",
            result.Document["emails"]);
    }

    [Fact]
    public void Making_a_filtered_value_primary_makes_the_others_not_primary()
    {
        var result = Apply(User(), "{'op':'replace','path':'emails[type eq `home`].primary','value':true}");

        Same("[{'value':'b@work.example','type':'work','primary':false},{'value':'b@home.example','type':'home','primary':true}]", result.Document["emails"]);
    }

    [Theory]
    [InlineData("{'op':'replace','path':'emails[type eq `work`].value','value':'new@work.example'}",
        "[{'value':'new@work.example','type':'work','primary':true},{'value':'b@home.example','type':'home'}]")]
    [InlineData("{'op':'replace','path':'emails[type eq `work`]','value':{'value':'new@work.example','type':'work'}}",
        "[{'value':'new@work.example','type':'work'},{'value':'b@home.example','type':'home'}]")]
    [InlineData("{'op':'add','path':'emails[type eq `work`]','value':{'display':'Work'}}",
        "[{'value':'b@work.example','type':'work','primary':true,'display':'Work'},{'value':'b@home.example','type':'home'}]")]
    [InlineData("{'op':'remove','path':'emails[type eq `home`]'}",
        "[{'value':'b@work.example','type':'work','primary':true}]")]
    [InlineData("{'op':'remove','path':'emails[type eq `work`].primary'}",
        "[{'value':'b@work.example','type':'work'},{'value':'b@home.example','type':'home'}]")]
    [InlineData("{'op':'replace','path':'emails[value ew `example`].type','value':'other'}",
        "[{'value':'b@work.example','type':'other','primary':true},{'value':'b@home.example','type':'other'}]")]
    [InlineData("{'op':'replace','path':'emails.type','value':'other'}",
        "[{'value':'b@work.example','type':'other','primary':true},{'value':'b@home.example','type':'other'}]")]
    public void Value_filtered_paths_change_only_matching_values(string operation, string expectedEmails)
    {
        var result = Apply(User(), operation);

        Same(expectedEmails, result.Document["emails"]);
    }

    [Fact]
    public void Removing_every_value_leaves_the_attribute_unassigned()
    {
        var result = Apply(User(), "{'op':'remove','path':'emails[value co `@`]'}");

        Assert.False(result.Document.ContainsKey("emails"));
    }

    [Theory]
    [InlineData("{'op':'remove','path':'emails[type eq `other`]'}")]
    [InlineData("{'op':'remove','path':'emails[type eq `other`].value'}")]
    [InlineData("{'op':'remove','path':'phoneNumbers[type eq `work`]'}")]
    public void Remove_with_a_filter_matching_nothing_changes_nothing(string operation) =>
        Assert.False(Apply(User(), operation).Changed);

    [Theory]
    [InlineData("{'op':'replace','path':'emails[value co `nowhere`].value','value':'x@y'}")]
    [InlineData("{'op':'replace','path':'emails[type eq `other` or type eq `pager`].value','value':'x@y'}")]
    [InlineData("{'op':'add','path':'emails[not (type eq `work`) and type eq `other`].value','value':'x@y'}")]
    public void Filters_that_match_nothing_are_no_target(string operation) =>
        Fails(() => Apply(User(), operation), ScimErrorTypes.NoTarget);

    [Theory]
    [InlineData("replace")]
    [InlineData("Add")]
    public void Entra_upsert_creates_the_value_an_eq_filter_describes(string op)
    {
        var user = User();
        user.Remove("emails");

        var result = Apply(user, $"{{'op':'{op}','path':'emails[type eq `work`].value','value':'b@work.example'}}");

        Same("[{'value':'b@work.example','type':'work'}]", result.Document["emails"]);
    }

    [Fact]
    public void Entra_upsert_adds_beside_values_of_other_types()
    {
        var result = Apply(User(), "{'op':'replace','path':'phoneNumbers[type eq `mobile` and primary eq true].value','value':'555'}");

        Same("[{'value':'555','type':'mobile','primary':true}]", result.Document["phoneNumbers"]);
    }

    [Fact]
    public void Entra_upsert_of_a_whole_value_merges_the_filter_fields()
    {
        var result = Apply(User(), "{'op':'add','path':'addresses[type eq `work`]','value':{'locality':'Oslo'}}");

        Same("[{'type':'work','locality':'Oslo'}]", result.Document["addresses"]);
    }

    [Fact]
    public void No_path_values_accept_attribute_paths_and_extension_objects()
    {
        var result = Apply(User(), "{'op':'add','value':{" +
            "'name.givenName':'Barbara'," +
            "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber':'701984'," +
            "'urn:scim:skillcast:User:Division':'North'," +
            "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'Tour Operations'}}}");

        Same("{'givenName':'Barbara'}", result.Document["name"]);
        Same("{'employeeNumber':'701984','department':'Tour Operations'}", result.Document[Enterprise]);
        Same("{'Division':'North'}", result.Document[Custom]);
        Same($"['urn:ietf:params:scim:schemas:core:2.0:User','{Enterprise}','{Custom}']", result.Document["schemas"]);
    }

    [Fact]
    public void No_path_values_ignore_read_only_keys()
    {
        var result = Apply(User(), "{'op':'replace','value':{'id':'other','meta':{'version':'x'},'schemas':['urn:x'],'groups':[],'displayName':'Changed'}}");

        Assert.Equal("u1", result.Document["id"]!.GetValue<string>());
        Same("{'resourceType':'User','version':'W/1'}", result.Document["meta"]);
        Assert.Equal("Changed", result.Document["displayName"]!.GetValue<string>());
    }

    [Fact]
    public void Removing_a_whole_extension_drops_it_from_schemas()
    {
        var user = User();
        user[Enterprise] = Node("{'employeeNumber':'1'}");
        user["schemas"]!.AsArray().Add(Enterprise);

        var result = Apply(user, $"{{'op':'remove','path':'{Enterprise}'}}");

        Assert.False(result.Document.ContainsKey(Enterprise));
        Same("['urn:ietf:params:scim:schemas:core:2.0:User']", result.Document["schemas"]);
    }

    [Fact]
    public void Replacing_a_whole_extension_by_its_urn_sets_its_attributes()
    {
        var result = Apply(User(), $"{{'op':'replace','path':'{Enterprise}','value':{{'costCenter':'42'}}}}");

        Same("{'costCenter':'42'}", result.Document[Enterprise]);
    }

    [Fact]
    public void Password_is_accepted_and_dropped()
    {
        var result = Apply(User(), "{'op':'replace','path':'password','value':'s3cret'},{'op':'replace','value':{'password':'s3cret'}}");

        Assert.False(result.Document.ContainsKey("password"));
        Assert.False(result.Changed);
    }

    [Fact]
    public void Changing_an_immutable_value_is_mutability()
    {
        var user = User();
        user[Custom] = Node("{'badge':'A1'}");

        Fails(() => Apply(user, $"{{'op':'replace','path':'{Custom}:badge','value':'B2'}}"), ScimErrorTypes.Mutability);
        Fails(() => Apply(user, $"{{'op':'remove','path':'{Custom}:badge'}}"), ScimErrorTypes.Mutability);
        Assert.False(Apply(user, $"{{'op':'replace','path':'{Custom}:badge','value':'A1'}}").Changed);
    }

    [Fact]
    public void An_unassigned_immutable_value_may_be_set_once()
    {
        var result = Apply(User(), $"{{'op':'add','path':'{Custom}:badge','value':'A1'}}");

        Same("{'badge':'A1'}", result.Document[Custom]);
    }

    [Fact]
    public void Values_are_coerced_by_type_in_patches()
    {
        var result = Apply(User(), $"{{'op':'add','path':'{Custom}:count','value':'12'}},{{'op':'add','path':'{Custom}:tags','value':'solo'}}");

        Same("{'count':12,'tags':['solo']}", result.Document[Custom]);
    }
}
