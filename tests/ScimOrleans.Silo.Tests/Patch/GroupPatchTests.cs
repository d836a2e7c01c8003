using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Patch;

/// <summary>PATCH on group members the ways Entra ID, Okta and the RFC send it.</summary>
[Collection(ScimCollection.Name)]
public sealed class GroupPatchTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Fact]
    public async Task Add_members_appends_them()
    {
        var (u1, u2, u3) = (await CreateUserAsync(), await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1));

        var patched = await PatchOkAsync(group, $$"""{"op":"add","path":"members","value":[{"value":"{{Id(u2)}}"},{"value":"{{Id(u3)}}"}]}""");

        AssertMembers(patched, Id(u1), Id(u2), Id(u3));
        AssertMembers(await GetObjectAsync($"/Groups/{Id(group)}"), Id(u1), Id(u2), Id(u3));
    }

    [Fact]
    public async Task Add_of_an_existing_member_keeps_one_entry()
    {
        var u1 = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(u1));

        var patched = await PatchOkAsync(group, $$"""{"op":"add","path":"members","value":[{"value":"{{Id(u1)}}"}]}""");

        AssertMembers(patched, Id(u1));
    }

    [Fact]
    public async Task Add_members_without_path()
    {
        var u1 = await CreateUserAsync();
        var group = await CreateGroupAsync();

        var patched = await PatchOkAsync(group, $$"""{"op":"add","value":{"members":[{"value":"{{Id(u1)}}"}]} }""");

        AssertMembers(patched, Id(u1));
    }

    [Fact]
    public async Task Remove_with_a_member_value_filter_removes_only_that_member()
    {
        var (u1, u2) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1), Id(u2));

        var patched = await PatchOkAsync(group, $$"""{"op":"remove","path":"members[value eq \"{{Id(u1)}}\"]"}""");

        AssertMembers(patched, Id(u2));
        AssertMembers(await GetObjectAsync($"/Groups/{Id(group)}"), Id(u2));
    }

    [Fact]
    public async Task Remove_with_path_members_and_a_value_list_removes_only_those()
    {
        var (u1, u2, u3) = (await CreateUserAsync(), await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1), Id(u2), Id(u3));

        var patched = await PatchOkAsync(group, $$"""{"op":"remove","path":"members","value":[{"value":"{{Id(u1)}}"},{"value":"{{Id(u3)}}"}]}""");

        AssertMembers(patched, Id(u2));
    }

    [Fact]
    public async Task Remove_of_path_members_without_value_removes_all_members()
    {
        var (u1, u2) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1), Id(u2));

        var patched = await PatchOkAsync(group, """{"op":"remove","path":"members"}""");

        Assert.Empty(MemberIds(patched));
    }

    [Fact]
    public async Task Replace_members_sets_exactly_the_new_list()
    {
        var (u1, u2, u3) = (await CreateUserAsync(), await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1), Id(u2));

        var patched = await PatchOkAsync(group, $$"""{"op":"replace","path":"members","value":[{"value":"{{Id(u3)}}"}]}""");

        AssertMembers(patched, Id(u3));
    }

    [Fact]
    public async Task Replace_display_name_keeps_members()
    {
        var u1 = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(u1));
        var newName = NewPrefix("renamed");

        var patched = await PatchOkAsync(group, $$"""{"op":"replace","path":"displayName","value":"{{newName}}"}""");

        Assert.Equal(newName, Str(patched["displayName"]));
        AssertMembers(patched, Id(u1));
    }

    [Fact]
    public async Task Entra_no_path_replace_of_display_name_with_id_in_value()
    {
        var group = await CreateGroupAsync();
        var newName = NewPrefix("entra");

        var patched = await PatchOkAsync(group, $$"""{"op":"Replace","value":{"id":"{{Id(group)}}","displayName":"{{newName}}"} }""");

        Assert.Equal(newName, Str(patched["displayName"]));
    }

    [Fact]
    public async Task Entra_add_and_remove_in_one_request()
    {
        var (u1, u2) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1));

        var patched = await PatchOkAsync(group,
            $$"""{"op":"Add","path":"members","value":[{"value":"{{Id(u2)}}"}]}""",
            $$"""{"op":"Remove","path":"members","value":[{"value":"{{Id(u1)}}"}]}""");

        AssertMembers(patched, Id(u2));
    }

    [Fact]
    public async Task Add_of_a_member_that_does_not_exist_is_400_invalid_value_and_changes_nothing()
    {
        var (u1, u2) = (await CreateUserAsync(), await CreateUserAsync());
        var group = await CreateGroupAsync(null, Id(u1));

        var response = await PatchAsync($"/Groups/{Id(group)}", Patch(
            $$"""{"op":"add","path":"members","value":[{"value":"{{Id(u2)}}"}]}""",
            $$"""{"op":"add","path":"members","value":[{"value":"{{Guid.NewGuid()}}"}]}"""));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
        var stored = await GetObjectAsync($"/Groups/{Id(group)}");
        Assert.Equal(Version(group), Version(stored));
        AssertMembers(stored, Id(u1));
    }

    [Fact]
    public async Task Nested_group_can_be_added_as_a_member()
    {
        var child = await CreateGroupAsync();
        var parent = await CreateGroupAsync();

        var patched = await PatchOkAsync(parent, $$"""{"op":"add","path":"members","value":[{"value":"{{Id(child)}}","type":"Group"}]}""");

        var member = Assert.Single(patched["members"]!.AsArray())!;
        Assert.Equal("Group", Str(member["type"]));
        Assert.Equal(Absolute($"/Groups/{Id(child)}"), Str(member["$ref"]));
    }

    [Fact]
    public async Task Group_cannot_become_a_member_of_itself()
    {
        var group = await CreateGroupAsync();

        var response = await PatchAsync($"/Groups/{Id(group)}", Patch($$"""{"op":"add","path":"members","value":[{"value":"{{Id(group)}}"}]}"""));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(MemberIds(await GetObjectAsync($"/Groups/{Id(group)}")));
    }

    [Fact]
    public async Task Patch_of_an_unknown_group_is_404()
    {
        var response = await PatchAsync($"/Groups/{Guid.NewGuid()}", Patch("""{"op":"replace","path":"displayName","value":"x"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<JsonObject> PatchOkAsync(JsonObject group, params string[] operations)
    {
        var response = await PatchAsync($"/Groups/{Id(group)}", Patch(operations));
        var patched = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Version(patched), ETag(response));
        return patched;
    }

    private static List<string> MemberIds(JsonObject group) =>
        [.. (group["members"] as JsonArray ?? []).Select(m => Str(m!["value"])!)];

    private static void AssertMembers(JsonObject group, params string[] ids) =>
        Assert.Equal(ids.Order(StringComparer.Ordinal), MemberIds(group).Order(StringComparer.Ordinal));
}
