using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// The tenant-side steps of the setup guides (docs/idp/*.md) as an IdP then exercises them:
/// custom attributes under the tenant's URN, group provisioning switched off, group-to-role
/// mapping and a token bound to one e-mail domain.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class TenantSetupTests(ScimApplicationFactory factory)
{
    private const string CustomUrn = EntraPatchTests.CustomUrn;

    [Fact]
    public async Task Custom_attributes_are_advertised_and_accepted_as_the_extension_object_on_post()
    {
        var tenant = await EntraPatchTests.TenantAsync(factory);

        var types = await tenant.GetResourceAsync("/ResourceTypes");
        var user = Resources(types).Single(t => Str(t["name"]) == "User");
        Assert.Contains(CustomUrn, (user["schemaExtensions"] as JsonArray ?? []).Select(e => Str(e!["schema"])));
        var schema = await tenant.GetResourceAsync($"/Schemas/{CustomUrn}");
        Assert.Equal(["Division", "CostCode", "IsManager"], schema["attributes"]!.AsArray().Select(a => Str(a!["name"])));

        var created = (await tenant.PostAsync("/Users", $$"""
            {"schemas":["{{UserSchema}}","{{CustomUrn}}"],"userName":"c-{{Guid.NewGuid():N}}@contoso.test",
             "{{CustomUrn}}":{"Division":"Sales","CostCode":7} }
            """)).Expect(HttpStatusCode.Created);
        Assert.Equal("Sales", Str(created[CustomUrn]!["Division"]));
        Assert.Equal([Id(created)], Resources(await tenant.QueryAsync("/Users", $"{CustomUrn}:Division eq \"Sales\"")).Select(Id));
    }

    [Fact]
    public async Task A_custom_attribute_not_defined_by_the_tenant_is_400_on_post()
    {
        var tenant = await EntraPatchTests.TenantAsync(factory);

        var response = await tenant.PostAsync("/Users", $$"""
            {"schemas":["{{UserSchema}}","{{CustomUrn}}"],"userName":"c-{{Guid.NewGuid():N}}@contoso.test",
             "{{CustomUrn}}":{"Division":"Sales","Region":"EMEA"} }
            """);

        var error = response.Expect(HttpStatusCode.BadRequest);
        Assert.Contains("Region", Str(error["detail"]));
        Assert.Equal(0, (await tenant.GetResourceAsync("/Users?startIndex=1&count=1"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task With_group_provisioning_off_Groups_is_403_and_left_out_of_ResourceTypes_while_users_work()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "nogroups", s => s with { GroupsEnabled = false });

        var list = await tenant.GetAsync($"/Groups?filter={Uri.EscapeDataString("displayName eq \"Sales\"")}&excludedAttributes=members");
        var post = await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"Sales"}""");

        foreach (var response in new[] { list, post })
        {
            var error = response.Expect(HttpStatusCode.Forbidden);
            Assert.Contains(ErrorSchema, error["schemas"]!.AsArray().Select(s => Str(s)));
            Assert.Contains("group", Str(error["detail"]), StringComparison.OrdinalIgnoreCase);
        }

        var types = await tenant.GetResourceAsync("/ResourceTypes");
        Assert.Equal(["User"], Resources(types).Select(t => Str(t["name"])));
        (await tenant.PostAsync("/Users", EntraConnectionAndMatchingTests.EntraUser($"u-{Guid.NewGuid()}", Guid.NewGuid().ToString(), $"{Guid.NewGuid():N}@contoso.test")))
            .Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Pushed_groups_grant_mapped_roles_which_follow_membership_and_activation()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "roles", s => s with
        {
            Roles = ["global-admin", "reporting-viewer"],
            RoleMappings = [new RoleMapping("Reporting Team", "reporting-viewer"), new RoleMapping("aad-admins-object-id", "global-admin")],
        });
        var user = (await tenant.PostAsync("/Users", EntraConnectionAndMatchingTests.EntraUser($"r-{Guid.NewGuid()}", Guid.NewGuid().ToString(), $"{Guid.NewGuid():N}@contoso.test")))
            .Expect(HttpStatusCode.Created);
        var path = $"/Users/{Id(user)}";
        var reporting = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"Reporting Team","externalId":"{{Guid.NewGuid()}}"}"""))
            .Expect(HttpStatusCode.Created);
        var admins = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"Admins","externalId":"aad-admins-object-id"}"""))
            .Expect(HttpStatusCode.Created);
        static List<string?> Roles(JsonObject u) => [.. (u["roles"] as JsonArray ?? []).Select(r => Str(r!["value"])).Order(StringComparer.Ordinal)];

        Assert.Empty(Roles(await tenant.GetResourceAsync(path)));
        var add = $$"""{"op":"Add","path":"members","value":[{"value":"{{Id(user)}}"}]}""";
        (await tenant.PatchAsync($"/Groups/{Id(reporting)}", PatchOp(add))).Expect(HttpStatusCode.OK);
        Assert.Equal(["reporting-viewer"], Roles(await tenant.GetResourceAsync(path)));
        (await tenant.PatchAsync($"/Groups/{Id(admins)}", PatchOp(add))).Expect(HttpStatusCode.OK);
        Assert.Equal(["global-admin", "reporting-viewer"], Roles(await tenant.GetResourceAsync(path)));

        // Deactivation suspends the roles; reactivation restores them.
        (await tenant.PatchAsync(path, PatchOp("""{"op":"Replace","path":"active","value":"False"}"""))).Expect(HttpStatusCode.OK);
        Assert.Empty(Roles(await tenant.GetResourceAsync(path)));
        (await tenant.PatchAsync(path, PatchOp("""{"op":"Replace","path":"active","value":"True"}"""))).Expect(HttpStatusCode.OK);

        (await tenant.PatchAsync($"/Groups/{Id(reporting)}", PatchOp($$"""{"op":"Remove","path":"members[value eq \"{{Id(user)}}\"]"}"""))).Expect(HttpStatusCode.OK);
        Assert.Equal(["global-admin"], Roles(await tenant.GetResourceAsync(path)));

        // Roles are the service's to derive: what an IdP sends in "roles" (Entra sends []) changes nothing.
        var put = await tenant.PatchAsync(path, PatchOp("""{"op":"Replace","value":{"roles":[]}}"""));
        Assert.True(put.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)put.Status}: {put.Text}");
        Assert.Equal(["global-admin"], Roles(await tenant.GetResourceAsync(path)));
    }

    [Fact]
    public async Task A_token_bound_to_a_domain_refuses_users_outside_it_and_stores_nothing()
    {
        var tenant = await IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "domain", domain: "contoso.test");

        var inside = await tenant.PostAsync("/Users", EntraConnectionAndMatchingTests.EntraUser($"in-{Guid.NewGuid():N}@contoso.test", Guid.NewGuid().ToString(), $"in-{Guid.NewGuid():N}@contoso.test"));
        var outside = await tenant.PostAsync("/Users", EntraConnectionAndMatchingTests.EntraUser($"out-{Guid.NewGuid():N}@fabrikam.test", Guid.NewGuid().ToString(), $"out-{Guid.NewGuid():N}@fabrikam.test"));

        var user = inside.Expect(HttpStatusCode.Created);
        Assert.True(outside.Status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)outside.Status}: {outside.Text}");
        Assert.Contains("contoso.test", Str(outside.Body!["detail"]));
        Assert.Equal([Id(user)], (await tenant.AllAsync("/Users")).Select(Id));

        var moved = await tenant.PatchAsync($"/Users/{Id(user)}", PatchOp("""{"op":"Replace","path":"emails[type eq \"work\"].value","value":"moved@fabrikam.test"}"""));
        Assert.True(moved.Status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{(int)moved.Status}: {moved.Text}");
        Assert.EndsWith("@contoso.test", WorkEmail(await tenant.GetResourceAsync($"/Users/{Id(user)}")));
    }
}
