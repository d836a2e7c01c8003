using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// Okta's SCIM 2.0 client as its developer reference describes it: the constant credential test,
/// userName look-ups with paging parameters, POST with password and an empty groups array, PUT for
/// profile changes and deactivation, PATCH deactivation, and Group Push.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class OktaTests(ScimApplicationFactory factory)
{
    private Task<IdpTenant> TenantAsync() => IdpTenant.CreateAsync(factory, IdpFlavour.Okta, "okta");

    /// <summary>The body Okta posts when a user is assigned to the app.</summary>
    internal static string OktaUser(string userName, string oktaId, string givenName = "Test", string familyName = "User", bool active = true) => $$"""
        {"schemas":["{{UserSchema}}"],"userName":"{{userName}}",
         "name":{"givenName":"{{givenName}}","familyName":"{{familyName}}"},
         "emails":[{"primary":true,"value":"{{userName}}","type":"work"}],
         "displayName":"{{givenName}} {{familyName}}","locale":"en-US","externalId":"{{oktaId}}",
         "groups":[],"password":"1mz050nq","active":{{(active ? "true" : "false")}}}
        """;

    internal static string OktaPut(JsonObject user, string givenName, string familyName, bool active) => $$"""
        {"schemas":["{{UserSchema}}"],"id":"{{Id(user)}}","userName":"{{Str(user["userName"])}}",
         "name":{"givenName":"{{givenName}}","familyName":"{{familyName}}"},
         "emails":[{"primary":true,"value":"{{Str(user["userName"])}}","type":"work"}],
         "displayName":"{{givenName}} {{familyName}}","locale":"en-US","externalId":"{{Str(user["externalId"])}}",
         "groups":[],"active":{{(active ? "true" : "false")}}}
        """;

    private static string OktaId() => "00u" + Guid.NewGuid().ToString("N")[..17];

    [Fact]
    public async Task Credential_test_GET_Users_startIndex_1_count_2_is_a_list_response_with_numeric_paging()
    {
        var tenant = await TenantAsync();
        for (var i = 0; i < 3; i++)
        {
            (await tenant.PostAsync("/Users", OktaUser($"user{i}-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created);
        }

        var response = await tenant.GetAsync("/Users?startIndex=1&count=2");
        var list = response.Expect(HttpStatusCode.OK);

        Assert.Equal("application/scim+json", response.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal([ListResponseSchema], list["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Equal(3, list["totalResults"]!.GetValue<int>());
        Assert.Equal(1, list["startIndex"]!.GetValue<int>());
        Assert.Equal(2, list["itemsPerPage"]!.GetValue<int>());
        Assert.Equal(2, list["Resources"]!.AsArray().Count);

        var groups = (await tenant.GetAsync("/Groups?startIndex=1&count=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, groups["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Credential_test_on_an_empty_tenant_is_200()
    {
        var tenant = await TenantAsync();

        var list = (await tenant.GetAsync("/Users?startIndex=1&count=2")).Expect(HttpStatusCode.OK);

        Assert.Equal(0, list["totalResults"]!.GetValue<int>());
        Assert.Equal(1, list["startIndex"]!.GetValue<int>());
    }

    [Fact]
    public async Task UserName_lookup_is_case_insensitive_and_takes_startIndex_and_count()
    {
        var tenant = await TenantAsync();
        var userName = $"Test.User-{Guid.NewGuid():N}@Okta.Local";
        var created = (await tenant.PostAsync("/Users", OktaUser(userName, OktaId()))).Expect(HttpStatusCode.Created);

        foreach (var asked in new[] { userName, userName.ToLowerInvariant(), userName.ToUpperInvariant() })
        {
            var list = await tenant.QueryAsync("/Users", $"userName eq \"{asked}\"", "startIndex=1&count=100");
            Assert.Equal(1, list["totalResults"]!.GetValue<int>());
            Assert.Equal(Id(created), Id(Assert.Single(Resources(list))));
        }

        var absent = await tenant.QueryAsync("/Users", $"userName eq \"nobody-{Guid.NewGuid():N}@okta.local\"", "startIndex=1&count=100");
        Assert.Equal(0, absent["totalResults"]!.GetValue<int>());
        Assert.Empty(absent["Resources"]!.AsArray());
    }

    [Fact]
    public async Task Post_with_password_and_empty_groups_creates_the_user_and_never_returns_the_password()
    {
        var tenant = await TenantAsync();
        var userName = $"test.user-{Guid.NewGuid():N}@okta.local";
        var oktaId = OktaId();

        var response = await tenant.PostAsync("/Users", OktaUser(userName, oktaId));
        var created = response.Expect(HttpStatusCode.Created);

        Assert.Equal(userName, Str(created["userName"]));
        Assert.Equal(oktaId, Str(created["externalId"]));
        Assert.True(created["active"]!.GetValue<bool>());
        Assert.Null(created["password"]);
        Assert.Empty(created["groups"] as JsonArray ?? []);
        Assert.NotNull(response.Message.Headers.Location);
        var stored = await tenant.GetResourceAsync($"/Users/{Id(created)}");
        Assert.Null(stored["password"]);
        Assert.Equal("Test User", Str(stored["displayName"]));
        Assert.Equal("en-US", Str(stored["locale"]));
    }

    [Fact]
    public async Task Put_changes_the_profile_and_a_put_with_active_false_deactivates()
    {
        var tenant = await TenantAsync();
        var created = (await tenant.PostAsync("/Users", OktaUser($"put-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created);
        var path = $"/Users/{Id(created)}";

        var renamed = (await tenant.PutAsync(path, OktaPut(created, "Testy", "Userson", active: true))).Expect(HttpStatusCode.OK);
        Assert.Equal("Testy", Str(renamed["name"]!["givenName"]));
        Assert.Equal("Userson", Str(renamed["name"]!["familyName"]));
        Assert.Equal("Testy Userson", Str(renamed["displayName"]));
        Assert.True(renamed["active"]!.GetValue<bool>());

        var deactivated = (await tenant.PutAsync(path, OktaPut(created, "Testy", "Userson", active: false))).Expect(HttpStatusCode.OK);
        Assert.False(deactivated["active"]!.GetValue<bool>());
        var stored = await tenant.GetResourceAsync(path);
        Assert.False(stored["active"]!.GetValue<bool>());
        Assert.Equal("Testy", Str(stored["name"]!["givenName"]));

        var reactivated = (await tenant.PutAsync(path, OktaPut(created, "Testy", "Userson", active: true))).Expect(HttpStatusCode.OK);
        Assert.True(reactivated["active"]!.GetValue<bool>());
        Assert.Equal(1, (await tenant.GetResourceAsync("/Users?startIndex=1&count=2"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_replace_with_a_value_object_deactivates_and_reactivates()
    {
        var tenant = await TenantAsync();
        var created = (await tenant.PostAsync("/Users", OktaUser($"patch-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created);
        var path = $"/Users/{Id(created)}";

        var off = (await tenant.PatchAsync(path, PatchOp("""{"op":"replace","value":{"active":false}}"""))).Expect(HttpStatusCode.OK);
        Assert.False(off["active"]!.GetValue<bool>());
        Assert.False((await tenant.GetResourceAsync(path))["active"]!.GetValue<bool>());
        Assert.Equal("Test", Str(off["name"]!["givenName"]));

        var on = (await tenant.PatchAsync(path, PatchOp("""{"op":"replace","value":{"active":true}}"""))).Expect(HttpStatusCode.OK);
        Assert.True(on["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Okta_profile_patch_by_path_changes_only_those_attributes()
    {
        var tenant = await TenantAsync();
        var created = (await tenant.PostAsync("/Users", OktaUser($"p-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created);

        var patched = (await tenant.PatchAsync($"/Users/{Id(created)}", PatchOp(
            """{"op":"replace","path":"name.familyName","value":"Changed"}""",
            """{"op":"replace","value":{"displayName":"Test Changed","title":"Lead"}}"""))).Expect(HttpStatusCode.OK);

        Assert.Equal("Changed", Str(patched["name"]!["familyName"]));
        Assert.Equal("Test", Str(patched["name"]!["givenName"]));
        Assert.Equal("Test Changed", Str(patched["displayName"]));
        Assert.Equal("Lead", Str(patched["title"]));
        Assert.Equal(Str(created["userName"]), WorkEmail(patched));
    }

    [Fact]
    public async Task Group_push_create_rename_echoing_id_mixed_member_changes_full_replace_and_delete()
    {
        var tenant = await TenantAsync();
        var users = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            users.Add((await tenant.PostAsync("/Users", OktaUser($"gp{i}-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created));
        }

        string U(int i) => Id(users[i]);
        string Member(int i) => $$"""{"value":"{{U(i)}}","display":"{{Str(users[i]["userName"])}}"}""";

        // 1. Okta looks the group up by name, then creates it empty.
        var name = $"Okta Push {Guid.NewGuid():N}";
        Assert.Equal(0, (await tenant.QueryAsync("/Groups", $"displayName eq \"{name}\"", "startIndex=1&count=100"))["totalResults"]!.GetValue<int>());
        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{name}}","members":[]}"""))
            .Expect(HttpStatusCode.Created);
        var path = $"/Groups/{Id(group)}";
        Assert.Empty(MemberIds(group));

        // 2. Pushes the initial members.
        (await tenant.PatchAsync(path, PatchOp($$"""{"op":"add","path":"members","value":[{{Member(0)}},{{Member(1)}},{{Member(2)}}]}""")))
            .Expect(HttpStatusCode.OK);

        // 3. Renames it, echoing the read-only id in the value.
        var renamed = (await tenant.PatchAsync(path, PatchOp($$"""{"op":"replace","value":{"id":"{{Id(group)}}","displayName":"{{name}} renamed"} }""")))
            .Expect(HttpStatusCode.OK);
        Assert.Equal($"{name} renamed", Str(renamed["displayName"]));
        Assert.Equal(Id(group), Id(renamed));
        Assert.Equal(new[] { U(0), U(1), U(2) }.Order(StringComparer.Ordinal), MemberIds(renamed));

        // 4. One request removing one member by filter and adding another.
        var mixed = (await tenant.PatchAsync(path, PatchOp(
            $$"""{"op":"remove","path":"members[value eq \"{{U(0)}}\"]"}""",
            $$"""{"op":"add","path":"members","value":[{{Member(3)}}]}"""))).Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { U(1), U(2), U(3) }.Order(StringComparer.Ordinal), MemberIds(mixed));

        // 5. A full replace of the member list.
        var replaced = (await tenant.PatchAsync(path, PatchOp($$"""{"op":"replace","path":"members","value":[{{Member(2)}},{{Member(4)}}]}""")))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(new[] { U(2), U(4) }.Order(StringComparer.Ordinal), MemberIds(replaced));
        Assert.Equal(new[] { U(2), U(4) }.Order(StringComparer.Ordinal), MemberIds(await tenant.GetResourceAsync(path)));
        Assert.Empty((await tenant.GetResourceAsync($"/Users/{U(1)}"))["groups"] as JsonArray ?? []);

        // 6. Unlinking the push deletes the group; the users stay.
        (await tenant.DeleteAsync(path)).ExpectNoBody(HttpStatusCode.NoContent);
        (await tenant.GetAsync(path)).Expect(HttpStatusCode.NotFound);
        Assert.Equal(0, (await tenant.QueryAsync("/Groups", $"displayName eq \"{name} renamed\""))["totalResults"]!.GetValue<int>());
        var user = await tenant.GetResourceAsync($"/Users/{U(2)}");
        Assert.Empty(user["groups"] as JsonArray ?? []);
        Assert.Equal(5, (await tenant.GetResourceAsync("/Users?startIndex=1&count=2"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Group_put_with_the_full_member_list_replaces_the_members()
    {
        var tenant = await TenantAsync();
        var a = (await tenant.PostAsync("/Users", OktaUser($"a-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created);
        var b = (await tenant.PostAsync("/Users", OktaUser($"b-{Guid.NewGuid():N}@okta.local", OktaId()))).Expect(HttpStatusCode.Created);
        var name = $"put-{Guid.NewGuid():N}";
        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{name}}","members":[{"value":"{{Id(a)}}"}]}"""))
            .Expect(HttpStatusCode.Created);

        var put = (await tenant.PutAsync($"/Groups/{Id(group)}",
            $$"""{"schemas":["{{GroupSchema}}"],"id":"{{Id(group)}}","displayName":"{{name}}","members":[{"value":"{{Id(b)}}","display":"b"}]}"""))
            .Expect(HttpStatusCode.OK);

        Assert.Equal([Id(b)], MemberIds(put));
    }
}
