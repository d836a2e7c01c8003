using System.Net;
using System.Text;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Errors;

/// <summary>The SCIM error document (RFC 7644 §3.12) on every failure, with the scimType the RFC names.</summary>
[Collection(ScimCollection.Name)]
public sealed class ErrorTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Theory]
    [InlineData("POST", "/Users")]
    [InlineData("POST", "/Groups")]
    [InlineData("POST", "/Users/.search")]
    [InlineData("POST", "/Groups/.search")]
    [InlineData("POST", "/.search")]
    public async Task Malformed_json_on_a_collection_is_400_invalid_syntax(string method, string path)
    {
        var response = await SendAsync(new HttpMethod(method), path, """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":""");

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task Malformed_json_on_a_resource_is_400_invalid_syntax_and_changes_nothing(string method)
    {
        var user = await CreateUserAsync();

        var response = await SendAsync(new HttpMethod(method), $"/Users/{Id(user)}", "{not json at all");

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidSyntax");
        Assert.Equal(Version(user), Version(await GetObjectAsync($"/Users/{Id(user)}")));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Json_that_is_not_an_object_is_400_invalid_syntax(string body)
    {
        await ExpectErrorAsync(await PostAsync("/Users", body), HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task Empty_body_is_400_invalid_syntax()
    {
        await ExpectErrorAsync(await PostAsync("/Users", ""), HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task Duplicate_json_keys_are_400_not_500()
    {
        var userName = NewUserName();
        var body = $$"""{"schemas":["{{UserSchema}}"],"userName":"{{userName}}","schemas":["{{UserSchema}}"]}""";

        await ExpectErrorAsync(await PostAsync("/Users", body), HttpStatusCode.BadRequest, "invalidSyntax");
        Assert.Empty(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Fact]
    public async Task Body_that_is_not_utf8_is_400()
    {
        var content = new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/scim+json");

        await ExpectErrorAsync(await Client.PostAsync($"{Base}/Users", content), HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Theory]
    [InlineData("GET", "/Users/{0}")]
    [InlineData("PUT", "/Users/{0}")]
    [InlineData("PATCH", "/Users/{0}")]
    [InlineData("DELETE", "/Users/{0}")]
    [InlineData("GET", "/Groups/{0}")]
    [InlineData("PUT", "/Groups/{0}")]
    [InlineData("PATCH", "/Groups/{0}")]
    [InlineData("DELETE", "/Groups/{0}")]
    public async Task Unknown_resource_is_404(string method, string template)
    {
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid());
        var body = method switch
        {
            "PUT" => template.StartsWith("/Users", StringComparison.Ordinal) ? ScimHttp.NewUser(NewUserName()) : ScimHttp.NewGroup(NewPrefix("g")),
            "PATCH" => Patch("""{"op":"replace","path":"displayName","value":"x"}"""),
            _ => null,
        };

        var response = await SendAsync(new HttpMethod(method), path, body);

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_of_an_unknown_user_does_not_create_it()
    {
        var id = Guid.NewGuid().ToString();
        var userName = NewUserName();

        await ExpectErrorAsync(await PutAsync($"/Users/{id}", ScimHttp.NewUser(userName)), HttpStatusCode.NotFound);

        await ExpectErrorAsync(await GetAsync($"/Users/{id}"), HttpStatusCode.NotFound);
        Assert.Empty(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Fact]
    public async Task User_id_is_not_found_under_groups()
    {
        var user = await CreateUserAsync();

        await ExpectErrorAsync(await GetAsync($"/Groups/{Id(user)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_tenant_is_404()
    {
        var response = await Client.GetAsync("/scim/no-such-tenant/v2/Users");

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_tenant_name_is_404()
    {
        var response = await Client.GetAsync("/scim/NOT_A_VALID_TENANT/v2/Users");

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Body_over_max_payload_size_is_413()
    {
        var userName = NewUserName();
        var padding = new string('x', (int)(1.1 * 1024 * 1024));

        var response = await PostAsync("/Users", ScimHttp.NewUser(userName, $$""" "displayName":"{{padding}}" """));

        await ExpectErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Fact]
    public async Task Body_over_max_payload_size_without_content_length_is_413()
    {
        var padding = new string('x', (int)(1.1 * 1024 * 1024));
        var bytes = Encoding.UTF8.GetBytes(ScimHttp.NewUser(NewUserName(), $$""" "displayName":"{{padding}}" """));
        var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/scim+json");
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/Users") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await ExpectErrorAsync(await Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Body_over_max_payload_size_on_patch_is_413_and_changes_nothing()
    {
        var user = await CreateUserAsync();
        var padding = new string('x', (int)(1.1 * 1024 * 1024));

        var response = await PatchAsync($"/Users/{Id(user)}", Patch($$"""{"op":"replace","path":"displayName","value":"{{padding}}"}"""));

        await ExpectErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(Version(user), Version(await GetObjectAsync($"/Users/{Id(user)}")));
    }

    [Fact]
    public async Task Body_just_under_max_payload_size_is_accepted()
    {
        var userName = NewUserName();
        var padding = new string('x', 1024 * 1024 - 2048);

        var response = await PostAsync("/Users", ScimHttp.NewUser(userName, $$""" "displayName":"{{padding}}" """));

        await ExpectAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Duplicate_user_name_in_another_case_is_409_uniqueness()
    {
        var userName = NewUserName();
        await CreateUserAsync(userName);

        var response = await PostAsync("/Users", ScimHttp.NewUser(userName.ToUpperInvariant()));

        await ExpectErrorAsync(response, HttpStatusCode.Conflict, "uniqueness");
        Assert.Single(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Theory]
    [InlineData(""" "noSuchAttribute":"x" """)]
    [InlineData(""" "name":{"noSuchSubAttribute":"x"} """)]
    [InlineData(""" "urn:example:unknown:extension":{"a":"b"} """)]
    public async Task Unknown_attribute_in_post_is_400_invalid_value(string extra)
    {
        var userName = NewUserName();

        var response = await PostAsync("/Users", ScimHttp.NewUser(userName, extra));

        await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidValue");
        Assert.Empty(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Theory]
    [InlineData(""" "active":"yes please" """)]
    [InlineData(""" "name":"not-an-object" """)]
    [InlineData(""" "emails":[{"value":"a@x.com","primary":true},{"value":"b@x.com","primary":true}] """)]
    public async Task Wrongly_typed_or_invalid_value_in_post_is_400_invalid_value(string extra)
    {
        await ExpectErrorAsync(await PostAsync("/Users", ScimHttp.NewUser(NewUserName(), extra)), HttpStatusCode.BadRequest, "invalidValue");
    }

    [Fact]
    public async Task Idp_shapes_a_lone_value_for_a_list_and_a_number_for_a_string_are_accepted()
    {
        var created = await CreateUserAsync(extra: """ "emails":"lone@example.com","displayName":42 """);

        Assert.Equal("lone@example.com", Str(Assert.Single(created["emails"]!.AsArray())!["value"]));
        Assert.Equal("42", Str(created["displayName"]));
    }

    [Fact]
    public async Task Duplicate_json_keys_in_a_search_body_are_400_not_500()
    {
        var body = $$"""{"schemas":["{{SearchRequestSchema}}"],"filter":"userName pr","filter":"userName pr"}""";

        await ExpectErrorAsync(await PostAsync("/Users/.search", body), HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task Duplicate_json_keys_in_a_patch_are_400_and_change_nothing()
    {
        var user = await CreateUserAsync();
        var body = $$"""{"schemas":["{{PatchOpSchema}}"],"Operations":[{"op":"replace","path":"title","value":"a","value":"b"}]}""";

        await ExpectErrorAsync(await PatchAsync($"/Users/{Id(user)}", body), HttpStatusCode.BadRequest, "invalidSyntax");
        Assert.Equal(Version(user), Version(await GetObjectAsync($"/Users/{Id(user)}")));
    }

    [Fact]
    public async Task Missing_user_name_is_400_invalid_value()
    {
        await ExpectErrorAsync(await PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"displayName":"nobody"}"""),
            HttpStatusCode.BadRequest, "invalidValue");
    }

    [Theory]
    [InlineData("/Nope")]
    [InlineData("/Users/a/b")]
    [InlineData("/Bulk/x")]
    [InlineData("/Me")]
    public async Task Unknown_route_under_scim_is_404_scim_error(string path)
    {
        await ExpectErrorAsync(await GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_method_is_405_scim_error()
    {
        await ExpectErrorAsync(await SendAsync(HttpMethod.Delete, "/Users", null), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Errors_are_served_as_scim_json()
    {
        var response = await GetAsync($"/Users/{Guid.NewGuid()}");

        var error = await ExpectErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(Str(error["detail"])));
    }

    /// <summary>A readable stream that does not tell its length, so the client sends chunks.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
