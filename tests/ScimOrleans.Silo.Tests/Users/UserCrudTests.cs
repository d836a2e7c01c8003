using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Users;

/// <summary>RFC 7644 §3.3 to §3.6 for /Users over the real pipeline.</summary>
[Collection(ScimCollection.Name)]
public sealed class UserCrudTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Fact]
    public async Task Post_returns_201_with_location_etag_and_meta()
    {
        var userName = NewUserName();
        var response = await PostAsync("/Users", ScimHttp.NewUser(userName, """ "displayName":"Ada Lovelace","active":true """));

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        var id = Id(body);
        Assert.False(string.IsNullOrWhiteSpace(id));
        Assert.Equal(userName, Str(body["userName"]));
        Assert.Contains(UserSchema, body["schemas"]!.AsArray().Select(s => Str(s)));
        var meta = body["meta"]!.AsObject();
        Assert.Equal("User", Str(meta["resourceType"]));
        Assert.Equal(Absolute($"/Users/{id}"), Str(meta["location"]));
        Assert.Equal(Str(meta["location"]), response.Headers.Location?.ToString());
        Assert.Equal(Str(meta["version"]), ETag(response));
        var created = DateTimeOffset.Parse(Str(meta["created"])!, System.Globalization.CultureInfo.InvariantCulture);
        var lastModified = DateTimeOffset.Parse(Str(meta["lastModified"])!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(created, lastModified);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
    }

    [Fact]
    public async Task Get_by_id_returns_the_created_user()
    {
        var created = await CreateUserAsync(extra: """ "displayName":"Grace","name":{"givenName":"Grace","familyName":"Hopper"} """);

        var response = await GetAsync($"/Users/{Id(created)}");

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Str(created["userName"]), Str(body["userName"]));
        Assert.Equal("Hopper", Str(body["name"]!["familyName"]));
        Assert.Equal(Version(created), Version(body));
        Assert.Equal(Version(body), ETag(response));
        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
    }

    [Fact]
    public async Task Get_list_returns_a_list_response_containing_the_user()
    {
        var created = await CreateUserAsync();

        var list = await ListAsync("/Users", $"userName eq \"{Str(created["userName"])}\"");

        Assert.Contains(ListResponseSchema, list["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Equal(1, list["totalResults"]!.GetValue<int>());
        Assert.Equal(1, list["startIndex"]!.GetValue<int>());
        Assert.Equal(1, list["itemsPerPage"]!.GetValue<int>());
        var found = Assert.Single(Resources(list))!.AsObject();
        Assert.Equal(Id(created), Id(found));
        Assert.Equal(Absolute($"/Users/{Id(created)}"), Str(found["meta"]!["location"]));
    }

    [Fact]
    public async Task Get_list_without_filter_returns_users()
    {
        await CreateUserAsync();

        var list = await ListAsync("/Users", query: "count=5");

        Assert.True(list["totalResults"]!.GetValue<int>() >= 1);
        Assert.InRange(Resources(list).Count, 1, 5);
    }

    [Fact]
    public async Task Put_replaces_the_user_and_removes_omitted_attributes()
    {
        var created = await CreateUserAsync(extra: """ "displayName":"Before","title":"Engineer","emails":[{"value":"a@x.com","type":"work"}] """);
        var userName = Str(created["userName"]);

        var response = await PutAsync($"/Users/{Id(created)}", ScimHttp.NewUser(userName!, """ "nickName":"After" """));

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("After", Str(body["nickName"]));
        Assert.Null(body["displayName"]);
        Assert.Null(body["title"]);
        Assert.Null(body["emails"]);
        var stored = await GetObjectAsync($"/Users/{Id(created)}");
        Assert.Null(stored["displayName"]);
        Assert.Null(stored["emails"]);
        Assert.Equal("After", Str(stored["nickName"]));
    }

    [Fact]
    public async Task Put_ignores_read_only_attributes_in_the_body()
    {
        var created = await CreateUserAsync();
        var body = ScimHttp.NewUser(Str(created["userName"])!,
            """ "id":"not-the-id","meta":{"resourceType":"Group","created":"2001-01-01T00:00:00Z","version":"W/\"999\""},"groups":[{"value":"g"}] """);

        var response = await PutAsync($"/Users/{Id(created)}", body);

        var replaced = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Id(created), Id(replaced));
        Assert.Equal("User", Str(replaced["meta"]!["resourceType"]));
        Assert.Equal(Str(created["meta"]!["created"]), Str(replaced["meta"]!["created"]));
        Assert.NotEqual("W/\"999\"", Version(replaced));
        Assert.Null(replaced["groups"]);
    }

    [Fact]
    public async Task Put_keeps_created_and_moves_last_modified_and_version()
    {
        var created = await CreateUserAsync();
        await Task.Delay(20);

        var response = await PutAsync($"/Users/{Id(created)}", ScimHttp.NewUser(Str(created["userName"])!, """ "displayName":"New" """));

        var replaced = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Str(created["meta"]!["created"]), Str(replaced["meta"]!["created"]));
        Assert.NotEqual(Str(created["meta"]!["lastModified"]), Str(replaced["meta"]!["lastModified"]));
        Assert.NotEqual(Version(created), Version(replaced));
        Assert.Equal(Version(replaced), ETag(response));
    }

    [Fact]
    public async Task Put_can_change_user_name()
    {
        var created = await CreateUserAsync();
        var renamed = NewUserName("renamed");

        var response = await PutAsync($"/Users/{Id(created)}", ScimHttp.NewUser(renamed));

        Assert.Equal(renamed, Str((await ExpectAsync(response, HttpStatusCode.OK))["userName"]));
        var list = await ListAsync("/Users", $"userName eq \"{renamed}\"");
        Assert.Equal(Id(created), Assert.Single(Ids(list)));
        Assert.Equal(0, (await ListAsync("/Users", $"userName eq \"{Str(created["userName"])}\""))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_without_required_user_name_is_400_and_changes_nothing()
    {
        var created = await CreateUserAsync(extra: """ "displayName":"Kept" """);

        var response = await PutAsync($"/Users/{Id(created)}", $$"""{"schemas":["{{UserSchema}}"],"displayName":"Lost"}""");

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
        var stored = await GetObjectAsync($"/Users/{Id(created)}");
        Assert.Equal("Kept", Str(stored["displayName"]));
        Assert.Equal(Version(created), Version(stored));
    }

    [Fact]
    public async Task Put_to_another_users_user_name_is_409_uniqueness()
    {
        var first = await CreateUserAsync();
        var second = await CreateUserAsync();

        var response = await PutAsync($"/Users/{Id(second)}", ScimHttp.NewUser(Str(first["userName"])!.ToUpperInvariant()));

        await ExpectErrorAsync(response, HttpStatusCode.Conflict, "uniqueness");
        Assert.Equal(Str(second["userName"]), Str((await GetObjectAsync($"/Users/{Id(second)}"))["userName"]));
    }

    [Fact]
    public async Task Put_to_unknown_user_is_404()
    {
        var response = await PutAsync($"/Users/{Guid.NewGuid()}", ScimHttp.NewUser(NewUserName()));

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Patch_returns_200_with_the_resource()
    {
        var created = await CreateUserAsync();

        var response = await PatchAsync($"/Users/{Id(created)}", Patch("""{"op":"replace","path":"displayName","value":"Patched"}"""));

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("Patched", Str(body["displayName"]));
        Assert.Equal(Id(created), Id(body));
        Assert.Equal(Version(body), ETag(response));
        Assert.NotEqual(Version(created), Version(body));
    }

    [Fact]
    public async Task Delete_returns_204_then_get_is_404()
    {
        var created = await CreateUserAsync();

        var response = await DeleteAsync($"/Users/{Id(created)}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        await ExpectErrorAsync(await GetAsync($"/Users/{Id(created)}"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await ListAsync("/Users", $"id eq \"{Id(created)}\""))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_twice_is_404_the_second_time()
    {
        var created = await CreateUserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/Users/{Id(created)}")).StatusCode);

        await ExpectErrorAsync(await DeleteAsync($"/Users/{Id(created)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleted_user_name_can_be_used_again()
    {
        var userName = NewUserName();
        var created = await CreateUserAsync(userName);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/Users/{Id(created)}")).StatusCode);

        var again = await CreateUserAsync(userName);

        Assert.NotEqual(Id(created), Id(again));
    }

    [Fact]
    public async Task Password_is_accepted_and_never_returned()
    {
        var response = await PostAsync("/Users", ScimHttp.NewUser(NewUserName(), """ "password":"S3cret!pass" """));

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Null(body["password"]);
        Assert.Null((await GetObjectAsync($"/Users/{Id(body)}"))["password"]);
        Assert.DoesNotContain("S3cret", await (await GetAsync($"/Users/{Id(body)}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_with_client_supplied_id_and_meta_ignores_them()
    {
        var response = await PostAsync("/Users", ScimHttp.NewUser(NewUserName(), """ "id":"chosen-by-client","meta":{"resourceType":"Group"} """));

        var body = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.NotEqual("chosen-by-client", Id(body));
        Assert.Equal("User", Str(body["meta"]!["resourceType"]));
    }

    [Fact]
    public async Task Post_keeps_external_id_case_exactly()
    {
        var body = await CreateUserAsync(extra: """ "externalId":"MiXeD-Case-42" """);

        Assert.Equal("MiXeD-Case-42", Str(body["externalId"]));
        Assert.Equal("MiXeD-Case-42", Str((await GetObjectAsync($"/Users/{Id(body)}"))["externalId"]));
    }

    [Fact]
    public async Task Plain_application_json_is_accepted_and_answered_as_scim_json()
    {
        var response = await PostAsync("/Users", ScimHttp.NewUser(NewUserName()), "application/json");

        await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Other_content_types_are_415(string mediaType)
    {
        var userName = NewUserName();

        var response = await PostAsync("/Users", ScimHttp.NewUser(userName), mediaType);

        await ExpectErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, (await ListAsync("/Users", $"userName eq \"{userName}\""))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_and_patch_with_other_content_type_are_415()
    {
        var created = await CreateUserAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, $"{Base}/Users/{Id(created)}") { Content = ScimHttp.Json(ScimHttp.NewUser(NewUserName()), "text/plain") };
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Base}/Users/{Id(created)}")
        {
            Content = ScimHttp.Json(Patch("""{"op":"replace","path":"displayName","value":"x"}"""), "text/xml"),
        };

        await ExpectErrorAsync(await Client.SendAsync(put), HttpStatusCode.UnsupportedMediaType);
        await ExpectErrorAsync(await Client.SendAsync(patch), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(Version(created), Version(await GetObjectAsync($"/Users/{Id(created)}")));
    }

    [Fact]
    public async Task Scim_json_with_charset_is_accepted()
    {
        var content = new StringContent(ScimHttp.NewUser(NewUserName()));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/scim+json; charset=utf-8");

        var response = await Client.PostAsync($"{Base}/Users", content);

        await ExpectAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Non_ascii_values_round_trip()
    {
        var created = await CreateUserAsync(extra: """ "displayName":"Zoë Ångström 山田" """);

        Assert.Equal("Zoë Ångström 山田", Str((await GetObjectAsync($"/Users/{Id(created)}"))["displayName"]));
    }

    [Fact]
    public async Task All_core_attributes_round_trip()
    {
        const string Attributes = """
            "name":{"formatted":"Ms. Barbara J Jensen III","familyName":"Jensen","givenName":"Barbara","middleName":"Jane","honorificPrefix":"Ms.","honorificSuffix":"III"},
            "displayName":"Babs Jensen","nickName":"Babs","profileUrl":"https://login.example.com/bjensen","title":"Tour Guide",
            "userType":"Employee","preferredLanguage":"en-US","locale":"en-US","timezone":"America/Los_Angeles","active":true,
            "emails":[{"value":"bjensen@example.com","type":"work","primary":true},{"value":"babs@jensen.org","type":"home"}],
            "phoneNumbers":[{"value":"555-555-5555","type":"work"}],
            "ims":[{"value":"someaimhandle","type":"aim"}],
            "photos":[{"value":"https://photos.example.com/profilephoto/72930000000Ccne/F","type":"photo"}],
            "addresses":[{"type":"work","streetAddress":"100 Universal City Plaza","locality":"Hollywood","region":"CA","postalCode":"91608","country":"USA","formatted":"100 Universal City Plaza\nHollywood, CA 91608 USA","primary":true}],
            "entitlements":[{"value":"ent1"}]
            """;

        var created = await CreateUserAsync(extra: Attributes);
        var stored = await GetObjectAsync($"/Users/{Id(created)}");

        Assert.Equal("Barbara", Str(stored["name"]!["givenName"]));
        Assert.Equal("III", Str(stored["name"]!["honorificSuffix"]));
        Assert.Equal("https://login.example.com/bjensen", Str(stored["profileUrl"]));
        Assert.Equal("America/Los_Angeles", Str(stored["timezone"]));
        Assert.True(stored["active"]!.GetValue<bool>());
        Assert.Equal(2, stored["emails"]!.AsArray().Count);
        Assert.Equal("555-555-5555", Str(stored["phoneNumbers"]![0]!["value"]));
        Assert.Equal("aim", Str(stored["ims"]![0]!["type"]));
        Assert.Equal("Hollywood", Str(stored["addresses"]![0]!["locality"]));
        Assert.Equal("ent1", Str(stored["entitlements"]![0]!["value"]));
    }

    [Fact]
    public async Task Enterprise_extension_round_trips_with_manager()
    {
        var manager = await CreateUserAsync(extra: """ "displayName":"The Boss" """);
        var extension = $$"""
            "schemas":["{{UserSchema}}","{{EnterpriseSchema}}"],
            "{{EnterpriseSchema}}":{"employeeNumber":"701984","costCenter":"4130","organization":"Universal Studios","division":"Theme Park","department":"Tour Operations","manager":{"value":"{{Id(manager)}}"} }
            """;
        var body = $$"""{{{extension}},"userName":"{{NewUserName()}}"}""";

        var created = await ExpectAsync(await PostAsync("/Users", body), HttpStatusCode.Created);
        var stored = await GetObjectAsync($"/Users/{Id(created)}");

        foreach (var document in new[] { created, stored })
        {
            Assert.Contains(EnterpriseSchema, document["schemas"]!.AsArray().Select(s => Str(s)));
            var enterprise = document[EnterpriseSchema]!.AsObject();
            Assert.Equal("701984", Str(enterprise["employeeNumber"]));
            Assert.Equal("4130", Str(enterprise["costCenter"]));
            Assert.Equal("Universal Studios", Str(enterprise["organization"]));
            Assert.Equal("Theme Park", Str(enterprise["division"]));
            Assert.Equal("Tour Operations", Str(enterprise["department"]));
            Assert.Equal(Id(manager), Str(enterprise["manager"]!["value"]));
            Assert.Equal(Absolute($"/Users/{Id(manager)}"), Str(enterprise["manager"]!["$ref"]));
        }
    }

    [Fact]
    public async Task Enterprise_extension_can_be_removed_by_put()
    {
        var body = $$"""{"schemas":["{{UserSchema}}","{{EnterpriseSchema}}"],"userName":"{{NewUserName()}}","{{EnterpriseSchema}}":{"department":"Sales"} }""";
        var created = await ExpectAsync(await PostAsync("/Users", body), HttpStatusCode.Created);

        var replaced = await ExpectAsync(await PutAsync($"/Users/{Id(created)}", ScimHttp.NewUser(Str(created["userName"])!)), HttpStatusCode.OK);

        Assert.Null(replaced[EnterpriseSchema]);
        Assert.DoesNotContain(EnterpriseSchema, replaced["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Null((await GetObjectAsync($"/Users/{Id(created)}"))[EnterpriseSchema]);
    }

    [Fact]
    public async Task Attribute_names_in_the_body_are_case_insensitive()
    {
        var userName = NewUserName();
        var body = $$"""{"schemas":["{{UserSchema}}"],"USERNAME":"{{userName}}","DisplayName":"Shouty","NAME":{"GivenName":"Case"} }""";

        var created = await ExpectAsync(await PostAsync("/Users", body), HttpStatusCode.Created);

        var stored = await GetObjectAsync($"/Users/{Id(created)}");
        Assert.Equal(userName, Str(stored["userName"]));
        Assert.Equal("Shouty", Str(stored["displayName"]));
        Assert.Equal("Case", Str(stored["name"]!["givenName"]));
    }
}
