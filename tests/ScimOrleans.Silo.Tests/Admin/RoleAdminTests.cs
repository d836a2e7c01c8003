using System.Net;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>Group-to-role mapping: roles follow memberships at once, over SCIM and in the admin API.</summary>
[Collection(AdminCollection.Name)]
public sealed class RoleAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    private const string Roles = """{"roles":["global-admin","live-training-admin","reporting-viewer"],"mappings":[{"group":"Dashboard Admins","role":"global-admin"},{"group":"ext-reporting","role":"reporting-viewer"}]}""";

    [Fact]
    public async Task Roles_round_trip()
    {
        var tenant = await CreateTenantAsync();

        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/roles", Json(Roles)), HttpStatusCode.OK);

        var read = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/roles"), HttpStatusCode.OK);
        Assert.Equal(["global-admin", "live-training-admin", "reporting-viewer"], read["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        var mapping = read["mappings"]![0]!;
        Assert.Equal("Dashboard Admins", mapping["group"]!.GetValue<string>());
        Assert.Equal("global-admin", mapping["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mapping_to_a_role_outside_the_catalogue_is_400()
    {
        var tenant = await CreateTenantAsync();

        var response = await Admin.PutAsync($"/admin/v1/tenants/{tenant}/roles",
            Json("""{"roles":["global-admin"],"mappings":[{"group":"Admins","role":"super-user"}]}"""));

        Assert.Contains("super-user", await ExpectProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Roles_follow_group_membership_and_are_suspended_while_inactive()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/roles", Json(Roles)), HttpStatusCode.OK);
        var user = await CreateScimUserAsync(scim, tenant);
        var id = Id(user);
        var group = await ExpectAsync(await scim.PostAsync($"/scim/{tenant}/v2/Groups", ScimJson(
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Dashboard Admins"}""")), HttpStatusCode.Created);
        var groupUrl = $"/scim/{tenant}/v2/Groups/{Id(group)}";
        Assert.Empty(await ScimRolesAsync(scim, tenant, id));

        await ExpectAsync(await ScimPatchAsync(scim, groupUrl,
            Patch($$"""{"op":"add","path":"members","value":[{"value":"{{id}}"}]}""")), HttpStatusCode.OK);

        Assert.Equal(["global-admin"], await ScimRolesAsync(scim, tenant, id));
        var admin = await AdminUserAsync(tenant, id);
        Assert.Equal(["global-admin"], admin["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(admin["rolesSuspended"]!.GetValue<bool>());
        Assert.Contains(admin["groups"]!.AsArray(), g => g!["id"]!.GetValue<string>() == Id(group) && g["display"]!.GetValue<string>() == "Dashboard Admins");
        var listed = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?filter={Q($"id eq \"{id}\"")}"), HttpStatusCode.OK);
        Assert.Equal("global-admin", listed["users"]![0]!["roles"]![0]!.GetValue<string>());

        await ExpectAsync(await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{id}",
            Patch("""{"op":"replace","path":"active","value":false}""")), HttpStatusCode.OK);

        Assert.Empty(await ScimRolesAsync(scim, tenant, id));
        var suspended = await AdminUserAsync(tenant, id);
        Assert.Empty(suspended["roles"]!.AsArray());
        Assert.True(suspended["rolesSuspended"]!.GetValue<bool>());
        Assert.False(suspended["active"]!.GetValue<bool>());

        await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{id}", Patch("""{"op":"replace","path":"active","value":true}"""));
        Assert.Equal(["global-admin"], await ScimRolesAsync(scim, tenant, id));

        await ExpectAsync(await ScimPatchAsync(scim, groupUrl,
            Patch($$"""{"op":"remove","path":"members[value eq \"{{id}}\"]"}""")), HttpStatusCode.OK);

        Assert.Empty(await ScimRolesAsync(scim, tenant, id));
        Assert.Empty((await AdminUserAsync(tenant, id))["roles"]!.AsArray());
    }

    [Fact]
    public async Task Group_matched_by_external_id_grants_its_role()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await Admin.PutAsync($"/admin/v1/tenants/{tenant}/roles", Json(Roles)), HttpStatusCode.OK);
        var user = await CreateScimUserAsync(scim, tenant);

        await ExpectAsync(await scim.PostAsync($"/scim/{tenant}/v2/Groups", ScimJson(
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Reporting","externalId":"ext-reporting","members":[{"value":"{{Id(user)}}"}]}""")), HttpStatusCode.Created);

        Assert.Equal(["reporting-viewer"], await ScimRolesAsync(scim, tenant, Id(user)));
    }

    private static async Task<List<string>> ScimRolesAsync(HttpClient scim, string tenant, string id)
    {
        var user = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users/{id}"), HttpStatusCode.OK);
        return [.. (user["roles"] as JsonArray ?? []).Select(r => r!["value"]!.GetValue<string>())];
    }

    private async Task<JsonObject> AdminUserAsync(string tenant, string id) =>
        await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users/{id}"), HttpStatusCode.OK);
}
