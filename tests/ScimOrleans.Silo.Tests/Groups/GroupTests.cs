using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Groups;

/// <summary>/Groups: members that are users or groups, and the user's derived <c>groups</c> attribute.</summary>
[Collection(ScimCollection.Name)]
public sealed class GroupTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Fact]
    public async Task Post_returns_201_with_location_etag_and_meta()
    {
        var displayName = NewPrefix("group");

        var response = await PostAsync("/Groups", ScimHttp.NewGroup(displayName));

        var group = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(displayName, Str(group["displayName"]));
        Assert.Contains(GroupSchema, group["schemas"]!.AsArray().Select(s => Str(s)));
        var meta = group["meta"]!.AsObject();
        Assert.Equal("Group", Str(meta["resourceType"]));
        Assert.Equal(Absolute($"/Groups/{Id(group)}"), Str(meta["location"]));
        Assert.Equal(Str(meta["location"]), response.Headers.Location?.ToString());
        Assert.Equal(Str(meta["version"]), ETag(response));
        Assert.NotNull(meta["created"]);
        Assert.NotNull(meta["lastModified"]);
    }

    [Fact]
    public async Task Members_carry_value_ref_display_and_type_for_users_and_groups()
    {
        var user = await CreateUserAsync(extra: """ "displayName":"Member User" """);
        var child = await CreateGroupAsync(NewPrefix("child"));
        var body = $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{NewPrefix("parent")}}","members":[{"value":"{{Id(user)}}","type":"User"},{"value":"{{Id(child)}}","type":"Group"}]}""";

        var created = await CreateAsync("/Groups", body);

        foreach (var group in new[] { created, await GetObjectAsync($"/Groups/{Id(created)}") })
        {
            var members = group["members"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => Str(m["value"])!);
            Assert.Equal(2, members.Count);
            var userMember = members[Id(user)];
            Assert.Equal(Absolute($"/Users/{Id(user)}"), Str(userMember["$ref"]));
            Assert.Equal("Member User", Str(userMember["display"]));
            Assert.Equal("User", Str(userMember["type"]));
            var groupMember = members[Id(child)];
            Assert.Equal(Absolute($"/Groups/{Id(child)}"), Str(groupMember["$ref"]));
            Assert.Equal(Str(child["displayName"]), Str(groupMember["display"]));
            Assert.Equal("Group", Str(groupMember["type"]));
        }
    }

    [Fact]
    public async Task Member_type_is_found_when_the_client_omits_it()
    {
        var user = await CreateUserAsync();
        var child = await CreateGroupAsync();

        var group = await CreateGroupAsync(null, Id(user), Id(child));

        var members = group["members"]!.AsArray().Select(m => m!.AsObject()).ToDictionary(m => Str(m["value"])!);
        Assert.Equal("User", Str(members[Id(user)]["type"]));
        Assert.Equal("Group", Str(members[Id(child)]["type"]));
        Assert.EndsWith($"/Groups/{Id(child)}", Str(members[Id(child)]["$ref"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_display_follows_the_users_current_display_name()
    {
        var user = await CreateUserAsync(extra: """ "displayName":"Old Name" """);
        var group = await CreateGroupAsync(null, Id(user));

        await ExpectAsync(await PatchAsync($"/Users/{Id(user)}", Patch("""{"op":"replace","path":"displayName","value":"New Name"}""")), HttpStatusCode.OK);

        var member = Assert.Single((await GetObjectAsync($"/Groups/{Id(group)}"))["members"]!.AsArray())!;
        Assert.Equal("New Name", Str(member["display"]));
    }

    [Fact]
    public async Task Users_groups_show_direct_and_indirect_memberships_with_ref()
    {
        var user = await CreateUserAsync();
        var inner = await CreateGroupAsync(NewPrefix("inner"), Id(user));
        var outer = await CreateGroupAsync(NewPrefix("outer"), Id(inner));

        var stored = await GetObjectAsync($"/Users/{Id(user)}");

        var groups = stored["groups"]!.AsArray().Select(g => g!.AsObject()).ToDictionary(g => Str(g["value"])!);
        Assert.Equal(2, groups.Count);
        Assert.Equal("direct", Str(groups[Id(inner)]["type"]));
        Assert.Equal("indirect", Str(groups[Id(outer)]["type"]));
        Assert.Equal(Absolute($"/Groups/{Id(inner)}"), Str(groups[Id(inner)]["$ref"]));
        Assert.Equal(Absolute($"/Groups/{Id(outer)}"), Str(groups[Id(outer)]["$ref"]));
        Assert.Equal(Str(inner["displayName"]), Str(groups[Id(inner)]["display"]));
        Assert.Equal(Str(outer["displayName"]), Str(groups[Id(outer)]["display"]));
    }

    [Fact]
    public async Task Users_groups_in_a_list_response_show_memberships()
    {
        var user = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(user));

        var listed = Assert.Single(Resources(await ListAsync("/Users", $"id eq \"{Id(user)}\"")))!;

        Assert.Equal(Id(group), Str(Assert.Single(listed["groups"]!.AsArray())!["value"]));
    }

    [Fact]
    public async Task Users_groups_drop_a_membership_removed_by_patch()
    {
        var user = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(user));

        await ExpectAsync(await PatchAsync($"/Groups/{Id(group)}", Patch($$"""{"op":"remove","path":"members[value eq \"{{Id(user)}}\"]"}""")), HttpStatusCode.OK);

        Assert.Null((await GetObjectAsync($"/Users/{Id(user)}"))["groups"]);
    }

    [Fact]
    public async Task Filter_users_by_group_membership()
    {
        var (member, other) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(member));

        var list = await ListAsync("/Users", $"groups.value eq \"{Id(group)}\"");

        Assert.Equal([Id(member)], Ids(list));
        Assert.DoesNotContain(Id(other), Ids(list));
    }

    [Fact]
    public async Task Filter_groups_by_member_value()
    {
        var user = await CreateUserAsync();
        var (containing, empty) = (await CreateGroupAsync(null, Id(user)), await CreateGroupAsync());

        var byPath = await ListAsync("/Groups", $"members.value eq \"{Id(user)}\"");
        var byValueFilter = await ListAsync("/Groups", $"members[value eq \"{Id(user)}\"]");

        Assert.Equal([Id(containing)], Ids(byPath));
        Assert.Equal([Id(containing)], Ids(byValueFilter));
        Assert.DoesNotContain(Id(empty), Ids(byPath));
    }

    [Fact]
    public async Task Filter_groups_by_display_name()
    {
        var group = await CreateGroupAsync();

        var exact = await ListAsync("/Groups", $"displayName eq \"{Str(group["displayName"])}\"");
        var folded = await ListAsync("/Groups", $"displayName eq \"{Str(group["displayName"])!.ToUpperInvariant()}\"");

        Assert.Equal([Id(group)], Ids(exact));
        Assert.Equal([Id(group)], Ids(folded));
    }

    [Fact]
    public async Task Deleting_a_user_removes_it_from_its_groups()
    {
        var (leaving, staying) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(leaving), Id(staying));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/Users/{Id(leaving)}")).StatusCode);

        var members = (await GetObjectAsync($"/Groups/{Id(group)}"))["members"]!.AsArray();
        Assert.Equal(Id(staying), Str(Assert.Single(members)!["value"]));
        Assert.Empty(Ids(await ListAsync("/Groups", $"members.value eq \"{Id(leaving)}\"")));
    }

    [Fact]
    public async Task Deleting_a_group_removes_it_from_users_groups_and_parent_groups()
    {
        var user = await CreateUserAsync();
        var inner = await CreateGroupAsync(null, Id(user));
        var outer = await CreateGroupAsync(null, Id(inner));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/Groups/{Id(inner)}")).StatusCode);

        await ExpectErrorAsync(await GetAsync($"/Groups/{Id(inner)}"), HttpStatusCode.NotFound);
        Assert.Null((await GetObjectAsync($"/Users/{Id(user)}"))["groups"]);
        Assert.Null((await GetObjectAsync($"/Groups/{Id(outer)}"))["members"]);
    }

    [Fact]
    public async Task Member_that_does_not_exist_is_400_invalid_value_and_nothing_is_stored()
    {
        var user = await CreateUserAsync();
        var displayName = NewPrefix("ghost");

        var response = await PostAsync("/Groups", ScimHttp.NewGroup(displayName, Id(user), Guid.NewGuid().ToString()));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
        Assert.Empty(Ids(await ListAsync("/Groups", $"displayName eq \"{displayName}\"")));
        Assert.Null((await GetObjectAsync($"/Users/{Id(user)}"))["groups"]);
    }

    [Fact]
    public async Task Put_with_a_member_that_does_not_exist_is_400_and_keeps_the_group()
    {
        var user = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(user));

        var response = await PutAsync($"/Groups/{Id(group)}", ScimHttp.NewGroup(Str(group["displayName"])!, Guid.NewGuid().ToString()));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
        var stored = await GetObjectAsync($"/Groups/{Id(group)}");
        Assert.Equal(Version(group), Version(stored));
        Assert.Equal(Id(user), Str(Assert.Single(stored["members"]!.AsArray())!["value"]));
    }

    [Fact]
    public async Task Put_replaces_display_name_and_members()
    {
        var (u1, u2) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1));
        var newName = NewPrefix("put");

        var replaced = await ExpectAsync(await PutAsync($"/Groups/{Id(group)}", ScimHttp.NewGroup(newName, Id(u2))), HttpStatusCode.OK);

        Assert.Equal(newName, Str(replaced["displayName"]));
        Assert.Equal(Id(u2), Str(Assert.Single(replaced["members"]!.AsArray())!["value"]));
        Assert.Null((await GetObjectAsync($"/Users/{Id(u1)}"))["groups"]);
        Assert.Equal(Id(group), Str(Assert.Single((await GetObjectAsync($"/Users/{Id(u2)}"))["groups"]!.AsArray())!["value"]));
    }

    [Fact]
    public async Task Put_without_members_removes_all_members()
    {
        var user = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(user));

        var replaced = await ExpectAsync(
            await PutAsync($"/Groups/{Id(group)}", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{Str(group["displayName"])}}"}"""), HttpStatusCode.OK);

        Assert.Null(replaced["members"]);
        Assert.Null((await GetObjectAsync($"/Users/{Id(user)}"))["groups"]);
    }

    [Fact]
    public async Task Group_without_display_name_is_400_invalid_value()
    {
        var response = await PostAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"members":[]}""");

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task Excluded_members_on_get_and_list_leaves_them_out()
    {
        var user = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(user));

        var got = await GetObjectAsync($"/Groups/{Id(group)}?excludedAttributes=members");
        var listed = (JsonObject)Assert.Single(Resources(await ListAsync("/Groups", $"id eq \"{Id(group)}\"", "excludedAttributes=members")))!;

        foreach (var g in new[] { got, listed })
        {
            Assert.Null(g["members"]);
            Assert.Equal(Str(group["displayName"]), Str(g["displayName"]));
            Assert.Equal(Id(group), Id(g));
        }
    }

    [Fact]
    public async Task Group_delete_returns_204_then_get_is_404()
    {
        var group = await CreateGroupAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/Groups/{Id(group)}")).StatusCode);

        await ExpectErrorAsync(await GetAsync($"/Groups/{Id(group)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Group_external_id_round_trips_and_filters_case_exactly()
    {
        var externalId = "GrpExt-" + Guid.NewGuid().ToString("N");
        var group = await CreateAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{NewPrefix("ext")}}","externalId":"{{externalId}}"}""");

        Assert.Equal(externalId, Str(group["externalId"]));
        Assert.Equal([Id(group)], Ids(await ListAsync("/Groups", $"externalId eq \"{externalId}\"")));
        Assert.Empty(Ids(await ListAsync("/Groups", $"externalId eq \"{externalId.ToLowerInvariant()}\"")));
    }

    [Fact]
    public async Task Member_given_as_a_user_in_another_tenant_is_400()
    {
        var otherTenant = "grp-" + Guid.NewGuid().ToString("N")[..12];
        var otherToken = await Factory.CreateTenantAsync(otherTenant);
        using var other = Factory.CreateScimClient(otherToken);
        var foreignUser = await ExpectAsync(
            await other.PostAsync($"/scim/{otherTenant}/v2/Users", ScimHttp.Json(ScimHttp.NewUser(NewUserName()))), HttpStatusCode.Created);

        var response = await PostAsync("/Groups", ScimHttp.NewGroup(NewPrefix("xtenant"), Id(foreignUser)));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
    }
}
