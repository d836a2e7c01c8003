using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// OneLogin's "SCIM Provisioner with SAML (SCIM v2 Enterprise)": bodies rendered from the admin's
/// SCIM JSON template, so every value is a string (booleans and numbers included), lowercase PATCH
/// ops and plain <c>application/json</c>.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class OneLoginTests(ScimApplicationFactory factory)
{
    private const string CustomUrn = EntraPatchTests.CustomUrn;

    private Task<IdpTenant> TenantAsync() => EntraPatchTests.TenantAsync(factory, IdpFlavour.OneLogin);

    /// <summary>A user as OneLogin's template renders it: parameters substituted as strings.</summary>
    private static string Template(string userName, string active, string isManager, string costCode) => $$"""
        {"schemas":["{{UserSchema}}","{{EnterpriseSchema}}","{{CustomUrn}}"],
         "userName":"{{userName}}","active":"{{active}}",
         "name":{"familyName":"Lee","givenName":"Ann"},
         "title":"Engineer",
         "emails":[{"value":"{{userName}}","type":"work","primary":"true"}],
         "{{EnterpriseSchema}}":{"department":"R&D","division":"Labs"},
         "{{CustomUrn}}":{"Division":"Labs","IsManager":"{{isManager}}","CostCode":"{{costCode}}"} }
        """;

    [Fact]
    public async Task A_template_body_with_string_typed_booleans_and_numbers_is_stored_with_real_types()
    {
        var tenant = await TenantAsync();
        var userName = $"ann-{Guid.NewGuid():N}@onelogin.test";

        var created = (await tenant.PostAsync("/Users", Template(userName, "true", "false", "4711"))).Expect(HttpStatusCode.Created);

        var stored = await tenant.GetResourceAsync($"/Users/{Id(created)}");
        Assert.True(stored["active"]!.GetValue<bool>());
        Assert.True(stored["emails"]![0]!["primary"]!.GetValue<bool>());
        Assert.False(stored[CustomUrn]!["IsManager"]!.GetValue<bool>());
        Assert.Equal(4711, stored[CustomUrn]!["CostCode"]!.GetValue<int>());
        Assert.Equal("Labs", Str(stored[EnterpriseSchema]!["division"]));
        var byFlag = await tenant.QueryAsync("/Users", $"{CustomUrn}:IsManager eq false");
        Assert.Equal([Id(created)], Resources(byFlag).Select(Id));
    }

    [Fact]
    public async Task A_template_body_with_active_false_creates_an_inactive_user()
    {
        var tenant = await TenantAsync();

        var created = (await tenant.PostAsync("/Users", Template($"off-{Guid.NewGuid():N}@onelogin.test", "false", "true", "1"))).Expect(HttpStatusCode.Created);

        Assert.False(created["active"]!.GetValue<bool>());
        Assert.True(created[CustomUrn]!["IsManager"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_template_body_with_a_non_boolean_string_is_400_naming_the_attribute()
    {
        var tenant = await TenantAsync();

        var response = await tenant.PostAsync("/Users", Template($"bad-{Guid.NewGuid():N}@onelogin.test", "yes please", "false", "1"));

        var error = response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("active", Str(error["detail"]), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await tenant.GetResourceAsync("/Users?startIndex=1&count=1"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Template_parameters_the_user_has_no_value_for_arrive_as_empty_strings_and_are_stored_as_unassigned()
    {
        var tenant = await TenantAsync();
        var userName = $"empty-{Guid.NewGuid():N}@onelogin.test";

        var created = (await tenant.PostAsync("/Users", $$"""
            {"schemas":["{{UserSchema}}","{{EnterpriseSchema}}"],
             "userName":"{{userName}}","active":"true","title":"","userType":"","timezone":"",
             "name":{"familyName":"Lee","givenName":"Ann"},
             "emails":[{"value":"{{userName}}","type":"work","primary":true}],
             "addresses":[{"locality":"","region":"","country":""}],
             "{{EnterpriseSchema}}":{"organization":"","division":"","department":"",
               "manager":{"value":"","displayName":" "} } }
            """)).Expect(HttpStatusCode.Created);

        var stored = await tenant.GetResourceAsync($"/Users/{Id(created)}");
        Assert.Null(stored["title"]);
        Assert.Null(stored["timezone"]);
        Assert.Equal("Ann", Str(stored["name"]!["givenName"]));
        Assert.Null(stored[EnterpriseSchema]?["manager"]);
        Assert.Null(stored[EnterpriseSchema]?["department"]);
    }

    [Fact]
    public async Task Lowercase_ops_with_string_values_update_a_user()
    {
        var tenant = await TenantAsync();
        var created = (await tenant.PostAsync("/Users", Template($"ol-{Guid.NewGuid():N}@onelogin.test", "true", "false", "1"))).Expect(HttpStatusCode.Created);
        var path = $"/Users/{Id(created)}";

        var patched = (await tenant.PatchAsync(path, PatchOp(
            """{"op":"replace","path":"active","value":"false"}""",
            """{"op":"replace","path":"title","value":"Manager"}""",
            $$"""{"op":"replace","path":"{{CustomUrn}}:IsManager","value":"true"}""",
            $$"""{"op":"add","path":"{{CustomUrn}}:CostCode","value":"12"}""",
            """{"op":"remove","path":"name.familyName"}"""))).Expect(HttpStatusCode.OK);

        Assert.False(patched["active"]!.GetValue<bool>());
        Assert.Equal("Manager", Str(patched["title"]));
        Assert.True(patched[CustomUrn]!["IsManager"]!.GetValue<bool>());
        Assert.Equal(12, patched[CustomUrn]!["CostCode"]!.GetValue<int>());
        Assert.Null(patched["name"]!["familyName"]);
        Assert.True(JsonNode.DeepEquals(patched[CustomUrn], (await tenant.GetResourceAsync(path))[CustomUrn]));
    }

    [Fact]
    public async Task OneLogin_updates_a_user_with_a_full_template_put()
    {
        var tenant = await TenantAsync();
        var userName = $"put-{Guid.NewGuid():N}@onelogin.test";
        var created = (await tenant.PostAsync("/Users", Template(userName, "true", "false", "1"))).Expect(HttpStatusCode.Created);

        var replaced = (await tenant.PutAsync($"/Users/{Id(created)}", Template(userName, "false", "true", "2"))).Expect(HttpStatusCode.OK);

        Assert.False(replaced["active"]!.GetValue<bool>());
        Assert.True(replaced[CustomUrn]!["IsManager"]!.GetValue<bool>());
        Assert.Equal(2, replaced[CustomUrn]!["CostCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task OneLogin_manages_group_members_with_lowercase_ops()
    {
        var tenant = await TenantAsync();
        var a = Id((await tenant.PostAsync("/Users", Template($"a-{Guid.NewGuid():N}@onelogin.test", "true", "false", "1"))).Expect(HttpStatusCode.Created));
        var b = Id((await tenant.PostAsync("/Users", Template($"b-{Guid.NewGuid():N}@onelogin.test", "true", "false", "1"))).Expect(HttpStatusCode.Created));
        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"ol-{{Guid.NewGuid():N}}"}""")).Expect(HttpStatusCode.Created);
        var path = $"/Groups/{Id(group)}";

        (await tenant.PatchAsync(path, PatchOp($$"""{"op":"add","path":"members","value":[{"value":"{{a}}"},{"value":"{{b}}"}]}"""))).Expect(HttpStatusCode.OK);
        var after = (await tenant.PatchAsync(path, PatchOp($$"""{"op":"remove","path":"members","value":[{"value":"{{a}}"}]}"""))).Expect(HttpStatusCode.OK);

        Assert.Equal([b], MemberIds(after));
    }

    [Fact]
    public async Task Both_json_media_types_are_accepted_and_answered_as_scim_json()
    {
        var tenant = await TenantAsync();

        foreach (var contentType in new[] { "application/json", "application/json; charset=utf-8", "application/scim+json", "application/scim+json; charset=utf-8" })
        {
            var response = await tenant.SendAsync(HttpMethod.Post, "/Users",
                $$"""{"schemas":["{{UserSchema}}"],"userName":"mt-{{Guid.NewGuid():N}}@onelogin.test"}""", contentType);
            response.Expect(HttpStatusCode.Created);
            Assert.Equal("application/scim+json", response.Message.Content.Headers.ContentType?.MediaType);
        }
    }
}
