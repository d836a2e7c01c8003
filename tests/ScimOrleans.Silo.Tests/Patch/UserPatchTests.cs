using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Patch;

/// <summary>PATCH on users (RFC 7644 §3.5.2), including the shapes Entra ID and Okta send.</summary>
[Collection(ScimCollection.Name)]
public sealed class UserPatchTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    private const string Start = """
        "displayName":"Start","title":"Engineer","nickName":"Nick","active":true,
        "name":{"givenName":"Ann","familyName":"Lee"},
        "emails":[{"value":"work@example.com","type":"work","primary":true},{"value":"home@example.com","type":"home"}]
        """;

    [Fact]
    public async Task Add_without_path_merges_attributes_and_appends_to_multi_valued()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"add","value":{"profileUrl":"https://example.com/ann","emails":[{"value":"other@example.com","type":"other"}]}}""");

        Assert.Equal("https://example.com/ann", Str(patched["profileUrl"]));
        Assert.Equal(["work@example.com", "home@example.com", "other@example.com"], EmailValues(patched));
        Assert.Equal("Start", Str(patched["displayName"]));
    }

    [Fact]
    public async Task Add_with_path_appends_to_a_multi_valued_attribute()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"add","path":"emails","value":[{"value":"x@example.com","type":"other"}]}""");

        Assert.Equal(["work@example.com", "home@example.com", "x@example.com"], EmailValues(patched));
    }

    [Fact]
    public async Task Add_with_path_sets_a_missing_single_valued_attribute()
    {
        var user = await CreateUserAsync();

        var patched = await PatchOkAsync(user, """{"op":"add","path":"title","value":"Boss"}""");

        Assert.Equal("Boss", Str(patched["title"]));
    }

    [Fact]
    public async Task Add_of_an_existing_email_value_does_not_duplicate_it()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"add","path":"emails","value":[{"value":"home@example.com","type":"home"}]}""");

        Assert.Equal(2, patched["emails"]!.AsArray().Count);
    }

    [Fact]
    public async Task Replace_with_path_sets_the_value()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"displayName","value":"Replaced"}""");

        Assert.Equal("Replaced", Str(patched["displayName"]));
    }

    [Fact]
    public async Task Replace_of_a_sub_attribute_keeps_its_siblings()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"name.givenName","value":"Anna"}""");

        Assert.Equal("Anna", Str(patched["name"]!["givenName"]));
        Assert.Equal("Lee", Str(patched["name"]!["familyName"]));
    }

    [Fact]
    public async Task Replace_of_a_multi_valued_attribute_replaces_all_values()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"emails","value":[{"value":"only@example.com","type":"work"}]}""");

        Assert.Equal(["only@example.com"], EmailValues(patched));
    }

    [Fact]
    public async Task Replace_without_path_sets_each_attribute_and_keeps_the_rest()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","value":{"displayName":"NoPath","name":{"givenName":"Bea"}}}""");

        Assert.Equal("NoPath", Str(patched["displayName"]));
        Assert.Equal("Bea", Str(patched["name"]!["givenName"]));
        Assert.Equal("Engineer", Str(patched["title"]));
    }

    [Fact]
    public async Task Remove_with_path_removes_the_attribute()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"remove","path":"title"}""");

        Assert.Null(patched["title"]);
        Assert.Null((await GetObjectAsync($"/Users/{Id(user)}"))["title"]);
    }

    [Fact]
    public async Task Remove_of_a_sub_attribute_keeps_its_siblings()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"remove","path":"name.familyName"}""");

        Assert.Null(patched["name"]!["familyName"]);
        Assert.Equal("Ann", Str(patched["name"]!["givenName"]));
    }

    [Fact]
    public async Task Remove_with_a_value_filter_removes_only_the_matching_values()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"remove","path":"emails[type eq \"home\"]"}""");

        Assert.Equal(["work@example.com"], EmailValues(patched));
    }

    [Fact]
    public async Task Remove_of_a_whole_multi_valued_attribute_removes_all_values()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"remove","path":"emails"}""");

        Assert.Null(patched["emails"]);
    }

    [Fact]
    public async Task Remove_without_path_is_400_no_target()
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch("""{"op":"remove"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "noTarget");
        await AssertUnchangedAsync(user);
    }

    [Fact]
    public async Task Replace_through_a_value_filter_changes_only_the_matching_value()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"emails[type eq \"work\"].value","value":"new-work@example.com"}""");

        Assert.Equal(["new-work@example.com", "home@example.com"], EmailValues(patched));
        Assert.True(patched["emails"]![0]!["primary"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Replace_through_a_value_filter_with_a_complex_value_replaces_the_matching_value()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"emails[value eq \"home@example.com\"]","value":{"value":"moved@example.com","type":"other"}}""");

        Assert.Equal(["work@example.com", "moved@example.com"], EmailValues(patched));
        Assert.Equal("other", Str(patched["emails"]![1]!["type"]));
        Assert.True(patched["emails"]![0]!["primary"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Remove_through_a_filter_that_matches_nothing_succeeds()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"remove","path":"emails[value eq \"gone@example.com\"]"}""");

        Assert.Equal(["work@example.com", "home@example.com"], EmailValues(patched));
    }

    [Fact]
    public async Task Entra_replace_of_a_filtered_value_that_does_not_exist_creates_it()
    {
        var user = await CreateUserAsync();

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"emails[type eq \"work\"].value","value":"created@example.com"}""");

        var email = Assert.Single(patched["emails"]!.AsArray())!;
        Assert.Equal("created@example.com", Str(email["value"]));
        Assert.Equal("work", Str(email["type"]));
    }

    [Fact]
    public async Task Entra_add_of_a_filtered_sub_attribute_creates_the_element()
    {
        var user = await CreateUserAsync();

        var patched = await PatchOkAsync(user, """{"op":"add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555 0100"}""");

        var phone = Assert.Single(patched["phoneNumbers"]!.AsArray())!;
        Assert.Equal("+1 555 0100", Str(phone["value"]));
        Assert.Equal("mobile", Str(phone["type"]));
    }

    [Fact]
    public async Task Replace_through_a_filter_that_matches_nothing_and_is_not_an_equality_is_400_no_target()
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch("""{"op":"replace","path":"emails[value co \"nowhere\"].type","value":"other"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "noTarget");
        await AssertUnchangedAsync(user);
    }

    [Fact]
    public async Task Urn_qualified_core_path_is_accepted()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, $$"""{"op":"replace","path":"{{UserSchema}}:displayName","value":"Urn"}""");

        Assert.Equal("Urn", Str(patched["displayName"]));
    }

    [Fact]
    public async Task Urn_qualified_extension_path_sets_and_removes_the_attribute()
    {
        var user = await CreateUserAsync(extra: Start);

        var added = await PatchOkAsync(user, $$"""{"op":"add","path":"{{EnterpriseSchema}}:department","value":"Sales"}""");
        Assert.Equal("Sales", Str(added[EnterpriseSchema]!["department"]));
        Assert.Contains(EnterpriseSchema, added["schemas"]!.AsArray().Select(s => Str(s)));

        var removed = await PatchOkAsync(added, $$"""{"op":"remove","path":"{{EnterpriseSchema}}:department"}""");
        Assert.Null(removed[EnterpriseSchema]?["department"]);
    }

    [Fact]
    public async Task Urn_qualified_extension_manager_value_is_set()
    {
        var manager = await CreateUserAsync();
        var user = await CreateUserAsync();

        var patched = await PatchOkAsync(user, $$"""{"op":"replace","path":"{{EnterpriseSchema}}:manager","value":{"value":"{{Id(manager)}}"} }""");

        Assert.Equal(Id(manager), Str(patched[EnterpriseSchema]!["manager"]!["value"]));
        Assert.Equal(Absolute($"/Users/{Id(manager)}"), Str(patched[EnterpriseSchema]!["manager"]!["$ref"]));
    }

    [Fact]
    public async Task Entra_manager_given_as_a_bare_id_is_set_and_can_be_removed()
    {
        var manager = await CreateUserAsync();
        var user = await CreateUserAsync();

        var added = await PatchOkAsync(user, $$"""{"op":"Add","path":"{{EnterpriseSchema}}:manager","value":"{{Id(manager)}}"}""");
        Assert.Equal(Id(manager), Str(added[EnterpriseSchema]!["manager"]!["value"]));

        var removed = await PatchOkAsync(added, $$"""{"op":"Remove","path":"{{EnterpriseSchema}}:manager"}""");
        Assert.Null(removed[EnterpriseSchema]?["manager"]);
    }

    [Fact]
    public async Task Patch_moves_last_modified_and_keeps_created()
    {
        var user = await CreateUserAsync(extra: Start);
        await Task.Delay(20);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"title","value":"Later"}""");

        Assert.Equal(Str(user["meta"]!["created"]), Str(patched["meta"]!["created"]));
        Assert.True(
            DateTimeOffset.Parse(Str(patched["meta"]!["lastModified"])!, System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse(Str(user["meta"]!["lastModified"])!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Entra_no_path_replace_with_dotted_and_urn_keys()
    {
        var user = await CreateUserAsync(extra: Start);
        var operation = $$"""
            {"op":"Replace","value":{"name.givenName":"Jo","name.familyName":"Doe","{{EnterpriseSchema}}:department":"Finance","{{EnterpriseSchema}}:employeeNumber":"77","active":false} }
            """;

        var patched = await PatchOkAsync(user, operation);

        Assert.Equal("Jo", Str(patched["name"]!["givenName"]));
        Assert.Equal("Doe", Str(patched["name"]!["familyName"]));
        Assert.Equal("Finance", Str(patched[EnterpriseSchema]!["department"]));
        Assert.Equal("77", Str(patched[EnterpriseSchema]!["employeeNumber"]));
        Assert.False(patched["active"]!.GetValue<bool>());
        Assert.Null(patched["name.givenName"]);
    }

    [Fact]
    public async Task Entra_string_boolean_for_active_is_accepted()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"Replace","path":"active","value":"False"}""");

        Assert.False(patched["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Okta_deactivation_replace_without_path()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","value":{"active":false}}""");

        Assert.False(patched["active"]!.GetValue<bool>());
        Assert.False((await GetObjectAsync($"/Users/{Id(user)}"))["active"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("Replace")]
    [InlineData("REPLACE")]
    [InlineData("rEpLaCe")]
    public async Task Op_is_case_insensitive_for_replace(string op)
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, $$"""{"op":"{{op}}","path":"title","value":"Cased"}""");

        Assert.Equal("Cased", Str(patched["title"]));
    }

    [Fact]
    public async Task Op_is_case_insensitive_for_add_and_remove()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"ADD","path":"locale","value":"en-GB"}""", """{"op":"Remove","path":"nickName"}""");

        Assert.Equal("en-GB", Str(patched["locale"]));
        Assert.Null(patched["nickName"]);
    }

    [Fact]
    public async Task Path_attribute_names_are_case_insensitive()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"NAME.GIVENNAME","value":"Upper"}""");

        Assert.Equal("Upper", Str(patched["name"]!["givenName"]));
    }

    [Fact]
    public async Task Several_operations_apply_in_order()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user,
            """{"op":"replace","path":"title","value":"One"}""",
            """{"op":"replace","path":"title","value":"Two"}""",
            """{"op":"remove","path":"nickName"}""",
            """{"op":"add","path":"nickName","value":"Again"}""");

        Assert.Equal("Two", Str(patched["title"]));
        Assert.Equal("Again", Str(patched["nickName"]));
    }

    [Fact]
    public async Task Adding_a_primary_email_clears_the_other_primary()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"add","path":"emails","value":[{"value":"new@example.com","type":"other","primary":true}]}""");

        var primaries = patched["emails"]!.AsArray().Where(e => e!["primary"]?.GetValue<bool>() == true).ToList();
        Assert.Equal("new@example.com", Str(Assert.Single(primaries)!["value"]));
    }

    [Fact]
    public async Task Making_a_value_primary_through_a_filter_clears_the_other_primary()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"emails[type eq \"home\"].primary","value":true}""");

        var primaries = patched["emails"]!.AsArray().Where(e => e!["primary"]?.GetValue<bool>() == true).ToList();
        Assert.Equal("home@example.com", Str(Assert.Single(primaries)!["value"]));
    }

    [Fact]
    public async Task Adding_two_primary_values_at_once_is_400_invalid_value()
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch(
            """{"op":"add","path":"emails","value":[{"value":"a@example.com","primary":true},{"value":"b@example.com","primary":true}]}"""));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
        await AssertUnchangedAsync(user);
    }

    [Theory]
    [InlineData("""{"op":"replace","path":"id","value":"other-id"}""")]
    [InlineData("""{"op":"add","path":"groups","value":[{"value":"some-group"}]}""")]
    [InlineData("""{"op":"replace","path":"meta.created","value":"2001-01-01T00:00:00Z"}""")]
    [InlineData("""{"op":"remove","path":"id"}""")]
    public async Task Changing_a_read_only_attribute_is_400_mutability(string operation)
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch(operation));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "mutability");
        await AssertUnchangedAsync(user);
    }

    [Theory]
    [InlineData("""{"op":"replace","path":"noSuchAttribute","value":"x"}""", "invalidPath")]
    [InlineData("""{"op":"replace","path":"emails[type eq","value":"x"}""", "invalidPath")]
    [InlineData("""{"op":"replace","path":"groups","value":[]}""", "mutability")]
    [InlineData("""{"op":"replace","path":"active","value":"not-a-boolean"}""", "invalidValue")]
    [InlineData("""{"op":"replace","path":"emails[value co \"nowhere\"].type","value":"other"}""", "noTarget")]
    [InlineData("""{"op":"remove"}""", "noTarget")]
    [InlineData("""{"op":"replace","path":"userName","value":null}""", null)]
    public async Task A_failing_later_operation_applies_nothing(string failing, string? scimType)
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch(
            """{"op":"replace","path":"displayName","value":"Should not stick"}""",
            """{"op":"add","path":"emails","value":[{"value":"nope@example.com","type":"other"}]}""",
            failing));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, scimType);
        await AssertUnchangedAsync(user);
    }

    [Fact]
    public async Task Unknown_op_is_400_invalid_syntax_and_applies_nothing()
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch(
            """{"op":"replace","path":"displayName","value":"Should not stick"}""",
            """{"op":"merge","path":"title","value":"x"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(user);
    }

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{}}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"path":"title","value":"x"}]}""")]
    [InlineData("""[{"op":"replace","path":"title","value":"x"}]""")]
    public async Task Malformed_patch_request_is_400(string body)
    {
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", body);

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest);
        await AssertUnchangedAsync(user);
    }

    [Fact]
    public async Task Patch_of_user_name_to_a_taken_one_is_409_uniqueness()
    {
        var taken = await CreateUserAsync();
        var user = await CreateUserAsync(extra: Start);

        var response = await PatchAsync($"/Users/{Id(user)}", Patch($$"""{"op":"replace","path":"userName","value":"{{Str(taken["userName"])!.ToUpperInvariant()}}"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.Conflict, "uniqueness");
        await AssertUnchangedAsync(user);
    }

    [Fact]
    public async Task Patch_of_an_unknown_user_is_404()
    {
        var response = await PatchAsync($"/Users/{Guid.NewGuid()}", Patch("""{"op":"replace","path":"title","value":"x"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_that_changes_nothing_still_returns_the_resource()
    {
        var user = await CreateUserAsync(extra: Start);

        var patched = await PatchOkAsync(user, """{"op":"replace","path":"title","value":"Engineer"}""");

        Assert.Equal("Engineer", Str(patched["title"]));
        Assert.Equal(Id(user), Id(patched));
    }

    private async Task<JsonObject> PatchOkAsync(JsonObject user, params string[] operations)
    {
        var response = await PatchAsync($"/Users/{Id(user)}", Patch(operations));
        var patched = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Version(patched), ETag(response));
        var stored = await GetObjectAsync($"/Users/{Id(user)}");
        Assert.Equal(Version(patched), Version(stored));
        return patched;
    }

    /// <summary>The user reads back exactly as it was created: same version, same document.</summary>
    private async Task AssertUnchangedAsync(JsonObject user)
    {
        var response = await GetAsync($"/Users/{Id(user)}");
        var stored = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Version(user), ETag(response));
        Assert.Equal(Version(user), Version(stored));
        Assert.True(JsonNode.DeepEquals(user, stored), $"Changed:\n{user}\n{stored}");
    }

    private static List<string?> EmailValues(JsonObject user) => [.. user["emails"]!.AsArray().Select(e => Str(e!["value"]))];
}
