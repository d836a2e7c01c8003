using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// The PATCH shapes the Microsoft Entra provisioning service sends (its SCIM tutorial and its
/// "known issues" page): capitalised ops, string booleans, a no-path Replace whose keys are
/// attribute paths, filtered e-mail upserts, the manager as an array, member removal by filter or
/// by value array, and explicit nulls.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class EntraPatchTests(ScimApplicationFactory factory)
{
    public const string CustomUrn = "urn:scim:contoso:User";

    /// <summary>A tenant set up like the Skillcast guide: custom attributes Division and CostCode under its own URN.</summary>
    internal static Task<IdpTenant> TenantAsync(ScimApplicationFactory factory, IdpFlavour? flavour = null) =>
        IdpTenant.CreateAsync(factory, flavour ?? IdpFlavour.Entra, "entra", s => s with
        {
            CustomSchemaUrn = CustomUrn,
            CustomAttributes =
            [
                new CustomAttribute("Division", "string", false, false, [], null),
                new CustomAttribute("CostCode", "integer", false, false, [], null),
                new CustomAttribute("IsManager", "boolean", false, false, [], null),
            ],
        });

    private async Task<(IdpTenant Tenant, JsonObject User)> UserAsync(string? extra = null)
    {
        var tenant = await TenantAsync(factory);
        var userName = $"u-{Guid.NewGuid():N}@contoso.test";
        var body = $$"""
            {"schemas":["{{UserSchema}}","{{EnterpriseSchema}}"],"userName":"{{userName}}","externalId":"{{Guid.NewGuid()}}","active":true,
             "displayName":"Ann Lee","title":"Engineer",
             "name":{"givenName":"Ann","familyName":"Lee","formatted":"Ann Lee"}{{extra}}}
            """;
        return (tenant, (await tenant.PostAsync("/Users", body)).Expect(HttpStatusCode.Created));
    }

    private static async Task<JsonObject> PatchOkAsync(IdpTenant tenant, string path, params string[] operations)
    {
        var patched = (await tenant.PatchAsync(path, PatchOp(operations))).Expect(HttpStatusCode.OK);
        var stored = await tenant.GetResourceAsync(path);
        Assert.True(JsonNode.DeepEquals(Without(patched, "meta"), Without(stored, "meta")), $"PATCH answer {patched} differs from GET {stored}");
        return stored;
    }

    private static JsonObject Without(JsonObject resource, string name)
    {
        var copy = resource.DeepClone().AsObject();
        copy.Remove(name);
        return copy;
    }

    [Fact]
    public async Task Capitalised_ops_Add_Replace_Remove_are_applied()
    {
        var (tenant, user) = await UserAsync();

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}",
            """{"op":"Add","path":"nickName","value":"Annie"}""",
            """{"op":"Replace","path":"name.familyName","value":"Smith"}""",
            """{"op":"Remove","path":"title"}""");

        Assert.Equal("Annie", Str(patched["nickName"]));
        Assert.Equal("Smith", Str(patched["name"]!["familyName"]));
        Assert.Equal("Ann", Str(patched["name"]!["givenName"]));
        Assert.Null(patched["title"]);
    }

    [Fact]
    public async Task Active_as_the_strings_False_and_True_disables_and_enables()
    {
        var (tenant, user) = await UserAsync();

        var disabled = await PatchOkAsync(tenant, $"/Users/{Id(user)}", """{"op":"Replace","path":"active","value":"False"}""");
        Assert.False(disabled["active"]!.GetValue<bool>());
        var disabledByFilter = await tenant.QueryAsync("/Users", $"userName eq \"{Str(user["userName"])}\"");
        Assert.False(Assert.Single(Resources(disabledByFilter))["active"]!.GetValue<bool>());

        var enabled = await PatchOkAsync(tenant, $"/Users/{Id(user)}", """{"op":"Replace","path":"active","value":"True"}""");
        Assert.True(enabled["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task One_no_path_Replace_whose_value_keys_are_attribute_paths_sets_core_enterprise_and_custom_attributes()
    {
        var (tenant, user) = await UserAsync($$""","{{EnterpriseSchema}}":{"department":"Tours"}""");

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}", $$"""
            {"op":"Replace","value":{
              "name.givenName":"Barbara",
              "displayName":"Barbara Lee",
              "{{EnterpriseSchema}}:employeeNumber":"E-42",
              "{{CustomUrn}}:Division":"Sales",
              "{{CustomUrn}}:CostCode":"1200",
              "{{CustomUrn}}:IsManager":"True",
              "active":"False"} }
            """);

        Assert.Equal("Barbara", Str(patched["name"]!["givenName"]));
        Assert.Equal("Lee", Str(patched["name"]!["familyName"]));
        Assert.Equal("Barbara Lee", Str(patched["displayName"]));
        Assert.Equal("E-42", Str(patched[EnterpriseSchema]!["employeeNumber"]));
        Assert.Equal("Tours", Str(patched[EnterpriseSchema]!["department"]));
        Assert.Equal("Sales", Str(patched[CustomUrn]!["Division"]));
        Assert.Equal(1200, patched[CustomUrn]!["CostCode"]!.GetValue<int>());
        Assert.True(patched[CustomUrn]!["IsManager"]!.GetValue<bool>());
        Assert.False(patched["active"]!.GetValue<bool>());
        Assert.Contains(CustomUrn, patched["schemas"]!.AsArray().Select(s => Str(s)));

        var byDivision = await tenant.QueryAsync("/Users", $"{CustomUrn}:Division eq \"Sales\"");
        Assert.Equal([Id(user)], Resources(byDivision).Select(Id));
    }

    [Fact]
    public async Task A_custom_attribute_by_full_path_is_set_and_an_unknown_one_is_400_naming_it()
    {
        var (tenant, user) = await UserAsync();

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}", $$"""{"op":"Add","path":"{{CustomUrn}}:Division","value":"Marketing"}""");
        Assert.Equal("Marketing", Str(patched[CustomUrn]!["Division"]));

        var unknown = await tenant.PatchAsync($"/Users/{Id(user)}", PatchOp($$"""{"op":"Add","path":"{{CustomUrn}}:Region","value":"EMEA"}"""));
        var error = unknown.Expect(HttpStatusCode.BadRequest);
        Assert.Contains(Str(error["scimType"]), new[] { "invalidPath", "invalidValue" });
        Assert.Contains("Region", Str(error["detail"]));
        Assert.Null((await tenant.GetResourceAsync($"/Users/{Id(user)}"))[CustomUrn]!["Region"]);
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("Replace")]
    public async Task A_work_email_by_filter_path_is_created_when_the_user_has_none(string op)
    {
        var (tenant, user) = await UserAsync();

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}", $$"""{"op":"{{op}}","path":"emails[type eq \"work\"].value","value":"ann@contoso.test"}""");

        var email = Assert.Single(patched["emails"]!.AsArray())!;
        Assert.Equal("ann@contoso.test", Str(email["value"]));
        Assert.Equal("work", Str(email["type"]));
        var found = await tenant.QueryAsync("/Users", "emails[type eq \"work\"].value eq \"ann@contoso.test\"");
        Assert.Equal([Id(user)], Resources(found).Select(Id));
    }

    [Fact]
    public async Task A_work_email_by_filter_path_replaces_only_the_work_address()
    {
        var (tenant, user) = await UserAsync(""","emails":[{"type":"work","value":"old@contoso.test","primary":true},{"type":"home","value":"ann@home.test"}]""");

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}", """{"op":"Replace","path":"emails[type eq \"work\"].value","value":"new@contoso.test"}""");

        Assert.Equal(["new@contoso.test", "ann@home.test"], EmailValues(patched));
        Assert.True(patched["emails"]![0]!["primary"]!.GetValue<bool>());
        Assert.Equal(0, (await tenant.QueryAsync("/Users", "emails[type eq \"work\"].value eq \"old@contoso.test\""))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Entra_default_mappings_for_addresses_and_phone_numbers_are_upserted_by_filter_path()
    {
        var (tenant, user) = await UserAsync();

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}",
            """{"op":"Add","path":"addresses[type eq \"work\"].streetAddress","value":"1 Main St"}""",
            """{"op":"Add","path":"addresses[type eq \"work\"].locality","value":"Redmond"}""",
            """{"op":"Add","path":"addresses[type eq \"work\"].postalCode","value":"98052"}""",
            """{"op":"Add","path":"addresses[type eq \"work\"].country","value":"US"}""",
            """{"op":"Add","path":"phoneNumbers[type eq \"work\"].value","value":"+1 425 555 0100"}""",
            """{"op":"Add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 425 555 0101"}""",
            """{"op":"Add","path":"phoneNumbers[type eq \"fax\"].value","value":"+1 425 555 0102"}""");

        var address = Assert.Single(patched["addresses"]!.AsArray())!;
        Assert.Equal("work", Str(address["type"]));
        Assert.Equal("1 Main St", Str(address["streetAddress"]));
        Assert.Equal("Redmond", Str(address["locality"]));
        Assert.Equal("98052", Str(address["postalCode"]));
        Assert.Equal("US", Str(address["country"]));
        var phones = patched["phoneNumbers"]!.AsArray().ToDictionary(p => Str(p!["type"])!, p => Str(p!["value"]));
        Assert.Equal(new Dictionary<string, string?> { ["work"] = "+1 425 555 0100", ["mobile"] = "+1 425 555 0101", ["fax"] = "+1 425 555 0102" }, phones);

        var changed = await PatchOkAsync(tenant, $"/Users/{Id(user)}",
            """{"op":"Replace","path":"addresses[type eq \"work\"].locality","value":"Seattle"}""",
            """{"op":"Remove","path":"phoneNumbers[type eq \"fax\"]"}""");
        Assert.Equal("Seattle", Str(changed["addresses"]![0]!["locality"]));
        Assert.Equal("1 Main St", Str(changed["addresses"]![0]!["streetAddress"]));
        Assert.Equal(2, changed["phoneNumbers"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("[{\"value\":\"MANAGER\"}]")]
    [InlineData("\"MANAGER\"")]
    [InlineData("{\"value\":\"MANAGER\"}")]
    public async Task The_manager_is_set_from_an_array_with_one_value_object_or_its_other_shapes(string value)
    {
        var (tenant, user) = await UserAsync();
        var manager = (await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"boss-{{Guid.NewGuid():N}}@contoso.test"}"""))
            .Expect(HttpStatusCode.Created);

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}",
            $$"""{"op":"Add","path":"{{EnterpriseSchema}}:manager","value":{{value.Replace("MANAGER", Id(manager), StringComparison.Ordinal)}}}""");

        Assert.Equal(Id(manager), Str(patched[EnterpriseSchema]!["manager"]!["value"]));

        var removed = await PatchOkAsync(tenant, $"/Users/{Id(user)}", $$"""{"op":"Remove","path":"{{EnterpriseSchema}}:manager","value":[{"value":"{{Id(manager)}}"}]}""");
        Assert.Null(removed[EnterpriseSchema]?["manager"]);
    }

    [Fact]
    public async Task Explicit_nulls_in_Replace_remove_the_attribute()
    {
        var (tenant, user) = await UserAsync($$""","{{EnterpriseSchema}}":{"department":"Tours","costCenter":"C1"}""");

        var patched = await PatchOkAsync(tenant, $"/Users/{Id(user)}",
            """{"op":"Replace","path":"title","value":null}""",
            $$"""{"op":"Replace","value":{"nickName":null,"{{EnterpriseSchema}}:department":null} }""");

        Assert.Null(patched["title"]);
        Assert.Null(patched["nickName"]);
        Assert.Null(patched[EnterpriseSchema]!["department"]);
        Assert.Equal("C1", Str(patched[EnterpriseSchema]!["costCenter"]));
    }

    [Fact]
    public async Task A_post_with_explicit_nulls_is_accepted_and_stores_nothing_for_them()
    {
        var tenant = await TenantAsync(factory);

        var created = (await tenant.PostAsync("/Users", $$"""
            {"schemas":["{{UserSchema}}"],"userName":"n-{{Guid.NewGuid():N}}@contoso.test","title":null,"nickName":null,
             "name":{"givenName":"Ann","familyName":null},"phoneNumbers":null}
            """)).Expect(HttpStatusCode.Created);

        var stored = await tenant.GetResourceAsync($"/Users/{Id(created)}");
        Assert.Null(stored["title"]);
        Assert.Null(stored["phoneNumbers"]);
        Assert.Equal("Ann", Str(stored["name"]!["givenName"]));
        Assert.Null(stored["name"]!["familyName"]);
    }

    [Fact]
    public async Task Entra_renames_a_group_and_manages_members_with_named_operations()
    {
        var tenant = await TenantAsync(factory);
        var users = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(Id((await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"m{{i}}-{{Guid.NewGuid():N}}@contoso.test"}"""))
                .Expect(HttpStatusCode.Created)));
        }

        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"g-{{Guid.NewGuid():N}}","externalId":"{{Guid.NewGuid()}}"}"""))
            .Expect(HttpStatusCode.Created);
        var path = $"/Groups/{Id(group)}";

        // Entra's tutorial sends a "name" on member operations and "$ref": null in each value.
        await PatchOkAsync(tenant, path, $$"""
            {"name":"addMember","op":"add","path":"members","value":[{{string.Join(",", users.Select(u => $$"""{"$ref":null,"value":"{{u}}"}"""))}}]}
            """);
        var renamed = await PatchOkAsync(tenant, path, """{"op":"Replace","path":"displayName","value":"Renamed by Entra"}""");
        Assert.Equal("Renamed by Entra", Str(renamed["displayName"]));
        Assert.Equal(users.Order(StringComparer.Ordinal), MemberIds(renamed));

        // Remove by filter, then by value array naming one member (and one that is not a member).
        await PatchOkAsync(tenant, path, $$"""{"op":"Remove","path":"members[value eq \"{{users[0]}}\"]"}""");
        var afterRemove = await PatchOkAsync(tenant, path,
            $$"""{"name":"removeMember","op":"Remove","path":"members","value":[{"$ref":null,"value":"{{users[1]}}"},{"value":"{{Guid.NewGuid()}}"}]}""");
        Assert.Equal(users.Skip(2).Order(StringComparer.Ordinal), MemberIds(afterRemove));

        // Re-adding members already present is harmless and adds no duplicate.
        var readded = await PatchOkAsync(tenant, path, $$"""{"op":"Add","path":"members","value":[{"value":"{{users[2]}}"},{"value":"{{users[3]}}"}]}""");
        Assert.Equal(users.Skip(2).Order(StringComparer.Ordinal), MemberIds(readded));

        // The users' groups follow.
        var kept = await tenant.GetResourceAsync($"/Users/{users[3]}");
        Assert.Equal([Id(group)], (kept["groups"] as JsonArray ?? []).Select(g => Str(g!["value"])));
        var gone = await tenant.GetResourceAsync($"/Users/{users[0]}");
        Assert.Empty(gone["groups"] as JsonArray ?? []);
    }

    [Fact]
    public async Task Removing_a_member_given_as_a_value_array_never_empties_the_group()
    {
        var tenant = await TenantAsync(factory);
        var a = Id((await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"a-{{Guid.NewGuid():N}}@contoso.test"}""")).Expect(HttpStatusCode.Created));
        var b = Id((await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"b-{{Guid.NewGuid():N}}@contoso.test"}""")).Expect(HttpStatusCode.Created));
        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"g-{{Guid.NewGuid():N}}","members":[{"value":"{{a}}"},{"value":"{{b}}"}]}"""))
            .Expect(HttpStatusCode.Created);

        var patched = await PatchOkAsync(tenant, $"/Groups/{Id(group)}", $$"""{"op":"Remove","path":"members","value":[{"value":"{{a}}"}]}""");

        Assert.Equal([b], MemberIds(patched));
    }

    [Fact]
    public async Task Entra_deletes_a_user_and_it_leaves_its_groups()
    {
        var tenant = await TenantAsync(factory);
        var a = Id((await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"a-{{Guid.NewGuid():N}}@contoso.test"}""")).Expect(HttpStatusCode.Created));
        var b = Id((await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"b-{{Guid.NewGuid():N}}@contoso.test"}""")).Expect(HttpStatusCode.Created));
        var group = (await tenant.PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"g-{{Guid.NewGuid():N}}","members":[{"value":"{{a}}"},{"value":"{{b}}"}]}"""))
            .Expect(HttpStatusCode.Created);

        (await tenant.DeleteAsync($"/Users/{a}")).ExpectNoBody(HttpStatusCode.NoContent);

        (await tenant.GetAsync($"/Users/{a}")).Expect(HttpStatusCode.NotFound);
        Assert.Equal([b], MemberIds(await tenant.GetResourceAsync($"/Groups/{Id(group)}")));
        (await tenant.DeleteAsync($"/Users/{a}")).Expect(HttpStatusCode.NotFound);
    }
}
