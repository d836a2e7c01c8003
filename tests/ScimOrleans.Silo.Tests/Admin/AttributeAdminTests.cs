using System.Net;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>Custom user attributes defined through the admin API, then used over SCIM.</summary>
[Collection(AdminCollection.Name)]
public sealed class AttributeAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    private const string Division = """{"schemaUrn":"urn:scim:skillcast:User","attributes":[{"name":"Division","type":"string","multiValued":false,"required":false,"canonicalValues":[],"description":null}]}""";

    [Fact]
    public async Task Attributes_round_trip_and_show_in_settings()
    {
        var tenant = await CreateTenantAsync();

        var put = await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", Json(Division)), HttpStatusCode.OK);

        Assert.Equal(CustomUrn, put["schemaUrn"]!.GetValue<string>());
        var read = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/attributes"), HttpStatusCode.OK);
        var attribute = Assert.Single(read["attributes"]!.AsArray());
        Assert.Equal("Division", attribute!["name"]!.GetValue<string>());
        Assert.Equal("string", attribute["type"]!.GetValue<string>());
        var settings = await GetSettingsAsync(tenant);
        Assert.Equal(CustomUrn, settings["customSchemaUrn"]!.GetValue<string>());
        Assert.Single(settings["customAttributes"]!.AsArray());
    }

    [Fact]
    public async Task Custom_attribute_is_served_over_scim_post_schemas_patch_and_filter()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", Json(Division)), HttpStatusCode.OK);
        var userName = NewUserName();

        var created = await ExpectAsync(await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(
            $$"""{"schemas":["{{UserSchema}}","{{CustomUrn}}"],"userName":"{{userName}}","{{CustomUrn}}":{"Division":"Sales"} }""")), HttpStatusCode.Created);

        Assert.Equal("Sales", created[CustomUrn]!["Division"]!.GetValue<string>());
        var schemas = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Schemas"), HttpStatusCode.OK);
        var custom = Assert.Single(Resources(schemas), s => s!["id"]!.GetValue<string>() == CustomUrn);
        Assert.Contains(custom!["attributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "Division");

        var filter = Q($"{CustomUrn}:Division eq \"Sales\" and userName eq \"{userName}\"");
        var found = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users?filter={filter}"), HttpStatusCode.OK);
        Assert.Equal(Id(created), Id(Assert.Single(Resources(found))!));

        var patched = await ExpectAsync(await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{Id(created)}",
            Patch($$"""{"op":"replace","path":"{{CustomUrn}}:Division","value":"Marketing"}""")), HttpStatusCode.OK);
        Assert.Equal("Marketing", patched[CustomUrn]!["Division"]!.GetValue<string>());
        var salesNow = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users?filter={filter}"), HttpStatusCode.OK);
        Assert.Empty(Resources(salesNow));
    }

    [Fact]
    public async Task Unknown_custom_attribute_name_is_400()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", Json(Division)), HttpStatusCode.OK);
        var user = await CreateScimUserAsync(scim, tenant);

        var posted = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(
            $$"""{"schemas":["{{UserSchema}}","{{CustomUrn}}"],"userName":"{{NewUserName()}}","{{CustomUrn}}":{"Region":"EMEA"} }"""));
        var patched = await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{Id(user)}",
            Patch($$"""{"op":"replace","path":"{{CustomUrn}}:Region","value":"EMEA"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("Region", await posted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, patched.StatusCode);
        Assert.Contains("Region", await patched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invalid_attribute_definition_is_400()
    {
        var tenant = await CreateTenantAsync();

        var badType = await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes",
            Json("""{"schemaUrn":"urn:scim:skillcast:User","attributes":[{"name":"Division","type":"colour"}]}"""));
        var noUrn = await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes",
            Json("""{"attributes":[{"name":"Division","type":"string"}]}"""));

        Assert.Contains("colour", await ExpectProblemAsync(badType, HttpStatusCode.BadRequest));
        Assert.Contains("URN", await ExpectProblemAsync(noUrn, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Removing_an_attribute_users_hold_is_409_and_purge_deletes_the_values()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", Json(Division)), HttpStatusCode.OK);
        var user = await ExpectAsync(await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(
            $$"""{"schemas":["{{UserSchema}}","{{CustomUrn}}"],"userName":"{{NewUserName()}}","{{CustomUrn}}":{"Division":"Sales"} }""")), HttpStatusCode.Created);
        const string Without = """{"schemaUrn":"urn:scim:skillcast:User","attributes":[]}""";

        var refused = await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", Json(Without));

        Assert.Contains("Division", await ExpectProblemAsync(refused, HttpStatusCode.Conflict));
        var kept = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users/{Id(user)}"), HttpStatusCode.OK);
        Assert.Equal("Sales", kept[CustomUrn]!["Division"]!.GetValue<string>());

        var purged = await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes?purge=true", Json(Without));

        await ExpectAsync(purged, HttpStatusCode.OK);
        var after = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users/{Id(user)}"), HttpStatusCode.OK);
        Assert.Null(after[CustomUrn]?["Division"]);
        var admin = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users/{Id(user)}"), HttpStatusCode.OK);
        Assert.DoesNotContain("Sales", admin.ToJsonString());
    }

    [Fact]
    public async Task Settings_put_with_purge_passes_it_on()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/attributes", Json(Division)), HttpStatusCode.OK);
        await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(
            $$"""{"schemas":["{{UserSchema}}","{{CustomUrn}}"],"userName":"{{NewUserName()}}","{{CustomUrn}}":{"Division":"Sales"} }"""));

        var retype = (Action<JsonObject>)(s => s["customAttributes"]![0]!["type"] = "integer");

        await ExpectProblemAsync(await ChangeSettingsAsync(tenant, retype), HttpStatusCode.Conflict);
        var changed = await ExpectAsync(await ChangeSettingsAsync(tenant, retype, purge: true), HttpStatusCode.OK);
        Assert.Equal("integer", changed["customAttributes"]![0]!["type"]!.GetValue<string>());
    }
}
