using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Resources;

public sealed class ResourceValidatorTests
{
    private const string UserSchemas = "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static JsonObject CreateUser(string body) => ResourceValidator.PrepareForCreate(Obj(body), TestSchemas.User);

    private static JsonObject CreateGroup(string body) => ResourceValidator.PrepareForCreate(Obj(body), ScimSchemas.GroupResource);

    [Fact]
    public void Create_returns_canonical_names_and_layout()
    {
        var result = CreateUser($"{{{UserSchemas}, 'USERNAME':'bjensen', 'Name':{{'GivenName':'Barbara'}}, 'ACTIVE':true}}");

        Same($"{{{UserSchemas}, 'userName':'bjensen', 'name':{{'givenName':'Barbara'}}, 'active':true}}", result);
    }

    [Fact]
    public void Create_does_not_mutate_the_input()
    {
        var input = Obj($"{{{UserSchemas}, 'userName':'b', 'id':'x', 'password':'p', 'active':'True', 'emails':null, 'name':{{'givenName':'B','formatted':''}}}}");
        var before = input.DeepClone();

        ResourceValidator.PrepareForCreate(input, TestSchemas.User);

        Assert.True(JsonNode.DeepEquals(before, input));
    }

    [Theory]
    [InlineData("{'userName':'b'}")]
    [InlineData("{'schemas':'urn:ietf:params:scim:schemas:core:2.0:User','userName':'b'}")]
    [InlineData("{'schemas':['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'userName':'b'}")]
    [InlineData("{'schemas':[42],'userName':'b'}")]
    public void Create_without_the_core_schema_urn_is_invalid_syntax(string body) =>
        Fails(() => CreateUser(body), ScimErrorTypes.InvalidSyntax);

    [Fact]
    public void Create_with_an_unknown_schema_urn_is_invalid_value() =>
        Fails(() => CreateUser("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','urn:example:Unknown'],'userName':'b'}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void Entra_group_create_listing_its_AD_schema_uri_is_accepted_and_the_uri_dropped()
    {
        var group = CreateGroup("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group','http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group']," +
            "'externalId':'8aa1a0c0','displayName':'displayName','meta':{'resourceType':'Group'}}");

        Same("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'externalId':'8aa1a0c0','displayName':'displayName'}", group);
    }

    [Fact]
    public void An_unknown_schema_urn_is_still_invalid_next_to_the_tolerated_Entra_uri() =>
        Fails(() => CreateGroup("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group','http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group','urn:example:Unknown'],'displayName':'G'}"),
            ScimErrorTypes.InvalidValue);

    [Fact]
    public void Schemas_urns_are_matched_case_insensitively()
    {
        var result = CreateUser("{'schemas':['URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER'],'userName':'b'}");

        Same($"{{{UserSchemas}, 'userName':'b'}}", result);
    }

    [Fact]
    public void Output_schemas_lists_only_the_extensions_present()
    {
        var listedButAbsent = CreateUser($"{{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','{Enterprise}'],'userName':'b'}}");
        var presentButUnlisted = CreateUser($"{{{UserSchemas},'userName':'b','{Enterprise}':{{'department':'R&D'}}}}");

        Same($"{{{UserSchemas},'userName':'b'}}", listedButAbsent);
        Same($"{{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','{Enterprise}'],'userName':'b','{Enterprise}':{{'department':'R&D'}}}}", presentButUnlisted);
    }

    [Fact]
    public void Full_path_extension_keys_are_moved_under_their_urn()
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','{Enterprise}:employeeNumber':'7','{Enterprise}:manager.value':'m1','{TestSchemas.CustomUrn}:division':'North'}}");

        Same($"{{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','{Enterprise}','{TestSchemas.CustomUrn}'],'userName':'b'," +
            $"'{Enterprise}':{{'employeeNumber':'7','manager':{{'value':'m1'}}}},'{TestSchemas.CustomUrn}':{{'Division':'North'}}}}", result);
    }

    [Fact]
    public void Core_urn_qualified_keys_are_core_attributes()
    {
        var result = CreateUser("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'urn:ietf:params:scim:schemas:core:2.0:User:userName':'b'}");

        Same($"{{{UserSchemas},'userName':'b'}}", result);
    }

    [Theory]
    [InlineData("'nickname2':'x'", "nickname2")]
    [InlineData("'name':{'nick':'x'}", "nick")]
    [InlineData("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'shoeSize':'9'}", "shoeSize")]
    [InlineData("'urn:example:Unknown:foo':'x'", "urn:example:Unknown:foo")]
    [InlineData("'name.givenName':'x'", "name.givenName")]
    public void Unknown_attributes_are_invalid_value_and_named(string attribute, string named)
    {
        var error = Fails(() => CreateUser($"{{{UserSchemas},'userName':'b',{attribute}}}"), ScimErrorTypes.InvalidValue);

        Assert.Contains(named, error.Detail);
    }

    [Fact]
    public void Read_only_attributes_and_sub_attributes_are_stripped()
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','id':'mine','meta':{{'version':'W/\\'1\\''}},'groups':[{{'value':'g'}}]," +
            $"'{Enterprise}':{{'manager':{{'value':'m','displayName':'Boss'}}}}}}");
        var group = CreateGroup("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G','members':[{'value':'u1','display':'Ann'}]}");

        Same($"{{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','{Enterprise}'],'userName':'b','{Enterprise}':{{'manager':{{'value':'m'}}}}}}", result);
        Same("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G','members':[{'value':'u1'}]}", group);
    }

    [Fact]
    public void Password_is_accepted_and_never_kept()
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','password':'t1meMachine!'}}");

        Assert.False(result.ContainsKey("password"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("'True'", true)]
    [InlineData("'False'", false)]
    [InlineData("'TRUE'", true)]
    [InlineData("'false'", false)]
    public void Booleans_accept_json_and_string_forms(string given, bool expected)
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','active':{given}}}");

        Assert.Equal(expected, result["active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("'active':'yes'")]
    [InlineData("'active':1")]
    [InlineData("'active':{'value':true}")]
    [InlineData("'displayName':true")]
    [InlineData("'displayName':['a','b']")]
    [InlineData("'displayName':{'value':'x'}")]
    [InlineData("'name':'Barbara'")]
    [InlineData("'emails':[{'value':'a@example.com','primary':'maybe'}]")]
    [InlineData("'urn:scim:skillcast:User':{'count':'many'}")]
    [InlineData("'urn:scim:skillcast:User':{'count':1.5}")]
    [InlineData("'urn:scim:skillcast:User':{'ratio':'x'}")]
    [InlineData("'urn:scim:skillcast:User':{'since':'yesterday'}")]
    [InlineData("'urn:scim:skillcast:User':{'since':'1/2/2020'}")]
    [InlineData("'urn:scim:skillcast:User':{'blob':'not base64!'}")]
    [InlineData("'urn:scim:skillcast:User':{'link':5}")]
    [InlineData("'urn:scim:skillcast:User':'North'")]
    public void Values_of_the_wrong_type_are_invalid_value(string attribute) =>
        Fails(() => CreateUser($"{{{UserSchemas},'userName':'b',{attribute}}}"), ScimErrorTypes.InvalidValue);

    [Theory]
    [InlineData("'count':'42'", "'count':42")]
    [InlineData("'count':42", "'count':42")]
    [InlineData("'ratio':'1.25'", "'ratio':1.25")]
    [InlineData("'ratio':2", "'ratio':2")]
    [InlineData("'since':'2024-05-01T10:00:00Z'", "'since':'2024-05-01T10:00:00Z'")]
    [InlineData("'since':'2024-05-01T10:00:00.123+02:00'", "'since':'2024-05-01T10:00:00.123+02:00'")]
    [InlineData("'blob':'aGVsbG8='", "'blob':'aGVsbG8='")]
    [InlineData("'link':'https://example.com/x'", "'link':'https://example.com/x'")]
    [InlineData("'Division':12", "'Division':'12'")]
    [InlineData("'tags':'solo'", "'tags':['solo']")]
    [InlineData("'enabled':'False'", "'enabled':false")]
    public void Values_are_coerced_to_their_attribute_type(string given, string expected)
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','{TestSchemas.CustomUrn}':{{{given}}}}}");

        Same($"{{{expected}}}", result[TestSchemas.CustomUrn]);
    }

    [Theory]
    [InlineData("[{'value':'m1'}]")]
    [InlineData("{'value':'m1'}")]
    [InlineData("'m1'")]
    public void Manager_accepts_the_shapes_entra_sends(string manager)
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','{Enterprise}':{{'manager':{manager}}}}}");

        Same("{'manager':{'value':'m1'}}", result[Enterprise]);
    }

    [Fact]
    public void A_single_valued_attribute_given_several_values_is_invalid_value() =>
        Fails(() => CreateUser($"{{{UserSchemas},'userName':'b','{Enterprise}':{{'manager':[{{'value':'a'}},{{'value':'b'}}]}}}}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void A_multi_valued_attribute_given_one_value_is_wrapped()
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','emails':{{'value':'b@example.com','type':'work'}}}}");

        Same("[{'value':'b@example.com','type':'work'}]", result["emails"]);
    }

    [Theory]
    [InlineData("'displayName':null")]
    [InlineData("'displayName':''")]
    [InlineData("'emails':[]")]
    [InlineData("'emails':[null]")]
    [InlineData("'emails':[{'value':null,'type':''}]")]
    [InlineData("'name':{}")]
    [InlineData("'name':{'givenName':null}")]
    [InlineData("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{}")]
    [InlineData("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':null")]
    [InlineData("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':''}}")]
    public void Unassigned_values_are_dropped(string attribute)
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b',{attribute}}}");

        Same($"{{{UserSchemas},'userName':'b'}}", result);
    }

    [Fact]
    public void User_without_userName_is_invalid_value() =>
        Fails(() => CreateUser($"{{{UserSchemas},'displayName':'B'}}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void User_with_empty_userName_is_invalid_value() =>
        Fails(() => CreateUser($"{{{UserSchemas},'userName':''}}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void Group_without_displayName_is_invalid_value() =>
        Fails(() => CreateGroup("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'members':[]}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void Two_primary_values_are_invalid_value() =>
        Fails(() => CreateUser($"{{{UserSchemas},'userName':'b','emails':[{{'value':'a@x','primary':true}},{{'value':'b@x','primary':'True'}}]}}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void One_primary_value_is_accepted()
    {
        var result = CreateUser($"{{{UserSchemas},'userName':'b','emails':[{{'value':'a@x','primary':true}},{{'value':'b@x','primary':false}}]}}");

        Same("[{'value':'a@x','primary':true},{'value':'b@x','primary':false}]", result["emails"]);
    }

    [Fact]
    public void Group_members_keep_value_and_canonical_type_once_each()
    {
        var result = CreateGroup("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G','members':[" +
            "{'value':'u1','type':'user','display':'Ann','$ref':'https://x/Users/u1'},{'value':'g2','type':'GROUP'},{'value':'u1'},{'value':'u3','$ref':null}]}");

        Same("[{'value':'u1','type':'User'},{'value':'g2','type':'Group'},{'value':'u3'}]", result["members"]);
    }

    [Theory]
    [InlineData("[{'display':'Ann'}]")]
    [InlineData("[{'value':'u1','type':'Robot'}]")]
    [InlineData("[{'value':'u1','unknown':'x'}]")]
    public void Group_members_without_a_valid_value_or_type_are_invalid_value(string members) =>
        Fails(() => CreateGroup($"{{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'G','members':{members}}}"), ScimErrorTypes.InvalidValue);

    [Fact]
    public void Replace_keeps_id_and_meta_from_the_existing_resource()
    {
        var existing = Obj($"{{{UserSchemas},'id':'u1','userName':'old','meta':{{'resourceType':'User','version':'W/1'}}}}");

        var result = ResourceValidator.PrepareForReplace(Obj($"{{{UserSchemas},'id':'forged','userName':'new'}}"), existing, TestSchemas.User);

        Same($"{{{UserSchemas},'id':'u1','userName':'new','meta':{{'resourceType':'User','version':'W/1'}}}}", result);
    }

    [Fact]
    public void Replace_changing_an_immutable_value_is_mutability()
    {
        var existing = Obj($"{{{UserSchemas},'id':'u1','userName':'b','{TestSchemas.CustomUrn}':{{'badge':'A1'}}}}");

        Fails(() => ResourceValidator.PrepareForReplace(Obj($"{{{UserSchemas},'userName':'b','{TestSchemas.CustomUrn}':{{'badge':'B2'}}}}"), existing, TestSchemas.User),
            ScimErrorTypes.Mutability);
    }

    [Theory]
    [InlineData("'badge':'A1'")]
    [InlineData("'Division':'x'")]
    public void Replace_repeating_or_omitting_an_immutable_value_keeps_it(string custom)
    {
        var existing = Obj($"{{{UserSchemas},'id':'u1','userName':'b','{TestSchemas.CustomUrn}':{{'badge':'A1'}}}}");

        var result = ResourceValidator.PrepareForReplace(Obj($"{{{UserSchemas},'userName':'b','{TestSchemas.CustomUrn}':{{{custom}}}}}"), existing, TestSchemas.User);

        Assert.Equal("A1", result[TestSchemas.CustomUrn]!["badge"]!.GetValue<string>());
    }

    [Fact]
    public void Replace_may_set_an_immutable_value_that_was_unassigned()
    {
        var existing = Obj($"{{{UserSchemas},'id':'u1','userName':'b'}}");

        var result = ResourceValidator.PrepareForReplace(Obj($"{{{UserSchemas},'userName':'b','{TestSchemas.CustomUrn}':{{'badge':'A1'}}}}"), existing, TestSchemas.User);

        Assert.Equal("A1", result[TestSchemas.CustomUrn]!["badge"]!.GetValue<string>());
    }

    [Fact]
    public void Replace_does_not_mutate_input_or_existing()
    {
        var input = Obj($"{{{UserSchemas},'userName':'new','active':'True'}}");
        var existing = Obj($"{{{UserSchemas},'id':'u1','userName':'old','meta':{{'version':'W/1'}}}}");
        var (inputBefore, existingBefore) = (input.DeepClone(), existing.DeepClone());

        var result = ResourceValidator.PrepareForReplace(input, existing, TestSchemas.User);
        result["meta"]!["version"] = "changed";

        Assert.True(JsonNode.DeepEquals(inputBefore, input));
        Assert.True(JsonNode.DeepEquals(existingBefore, existing));
    }

    [Fact]
    public void Output_lists_attributes_in_schema_order()
    {
        var result = CreateUser($"{{'meta':{{}},'active':true,'{Enterprise}':{{'department':'d'}},'userName':'b','externalId':'e',{UserSchemas}}}");

        Assert.Equal(["schemas", "externalId", "userName", "active", Enterprise], result.Select(p => p.Key));
    }

    [Theory]
    [InlineData(AttributeType.Boolean, "'TRUE'", "true")]
    [InlineData(AttributeType.Integer, "'7'", "7")]
    [InlineData(AttributeType.String, "''", null)]
    [InlineData(AttributeType.String, "null", null)]
    public void CoerceSingle_applies_the_same_rules_to_one_value(AttributeType type, string given, string? expected)
    {
        var result = AttributeCoercion.CoerceSingle(Node(given), new AttributeDefinition("x", type), "x");

        Assert.Equal(expected, result?.ToJsonString());
    }
}
