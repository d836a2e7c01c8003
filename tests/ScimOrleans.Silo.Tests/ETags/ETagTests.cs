using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.ETags;

/// <summary>meta.version, the ETag header, If-Match and If-None-Match (RFC 7644 §3.14).</summary>
[Collection(ScimCollection.Name)]
public sealed class ETagTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    public static TheoryData<string> Endpoints => ["/Users", "/Groups"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Etag_header_equals_meta_version_on_every_resource_response(string endpoint)
    {
        var post = await PostAsync(endpoint, NewBody(endpoint));
        var created = await ExpectAsync(post, HttpStatusCode.Created);
        Assert.Equal(Version(created), ETag(post));
        Assert.StartsWith("W/\"", Version(created), StringComparison.Ordinal);

        var get = await GetAsync($"{endpoint}/{Id(created)}");
        Assert.Equal(Version(await ExpectAsync(get, HttpStatusCode.OK)), ETag(get));

        var put = await PutAsync($"{endpoint}/{Id(created)}", ReplaceBody(endpoint, created));
        var replaced = await ExpectAsync(put, HttpStatusCode.OK);
        Assert.Equal(Version(replaced), ETag(put));

        var patch = await PatchAsync($"{endpoint}/{Id(created)}", PatchBody(endpoint));
        var patched = await ExpectAsync(patch, HttpStatusCode.OK);
        Assert.Equal(Version(patched), ETag(patch));

        Assert.Equal(3, new[] { Version(created), Version(replaced), Version(patched) }.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task List_resources_carry_meta_version(string endpoint)
    {
        var created = await ExpectAsync(await PostAsync(endpoint, NewBody(endpoint)), HttpStatusCode.Created);

        var list = await ListAsync(endpoint, $"id eq \"{Id(created)}\"");

        Assert.Equal(Version(created), Version(Assert.Single(Resources(list))!.AsObject()));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Stale_if_match_on_put_is_412_and_changes_nothing(string endpoint)
    {
        var (created, stale) = await CreateWithStaleVersionAsync(endpoint);

        var response = await PutAsync($"{endpoint}/{Id(created)}", ReplaceBody(endpoint, created), stale);

        await ExpectErrorAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(Version(created), Version(await GetObjectAsync($"{endpoint}/{Id(created)}")));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Stale_if_match_on_patch_is_412_and_changes_nothing(string endpoint)
    {
        var (created, stale) = await CreateWithStaleVersionAsync(endpoint);

        var response = await PatchAsync($"{endpoint}/{Id(created)}", PatchBody(endpoint), stale);

        await ExpectErrorAsync(response, HttpStatusCode.PreconditionFailed);
        var stored = await GetObjectAsync($"{endpoint}/{Id(created)}");
        Assert.Equal(Version(created), Version(stored));
        Assert.True(JsonNode.DeepEquals(created, stored));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Stale_if_match_on_delete_is_412_and_keeps_the_resource(string endpoint)
    {
        var (created, stale) = await CreateWithStaleVersionAsync(endpoint);

        var response = await DeleteAsync($"{endpoint}/{Id(created)}", stale);

        await ExpectErrorAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(Version(created), Version(await GetObjectAsync($"{endpoint}/{Id(created)}")));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Matching_if_match_allows_put_patch_and_delete(string endpoint)
    {
        var created = await ExpectAsync(await PostAsync(endpoint, NewBody(endpoint)), HttpStatusCode.Created);

        var replaced = await ExpectAsync(await PutAsync($"{endpoint}/{Id(created)}", ReplaceBody(endpoint, created), Version(created)), HttpStatusCode.OK);
        var patched = await ExpectAsync(await PatchAsync($"{endpoint}/{Id(created)}", PatchBody(endpoint), Version(replaced)), HttpStatusCode.OK);
        var deleted = await DeleteAsync($"{endpoint}/{Id(created)}", Version(patched));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ExpectErrorAsync(await GetAsync($"{endpoint}/{Id(created)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task If_match_star_matches_any_version()
    {
        var created = await CreateUserAsync();

        var response = await PatchAsync($"/Users/{Id(created)}", Patch("""{"op":"replace","path":"title","value":"x"}"""), "*");

        await ExpectAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task If_match_with_a_list_containing_the_current_version_matches()
    {
        var created = await CreateUserAsync();

        var response = await PatchAsync($"/Users/{Id(created)}", Patch("""{"op":"replace","path":"title","value":"x"}"""),
            $"W/\"999999\", {Version(created)}");

        await ExpectAsync(response, HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task If_none_match_with_the_current_version_is_304_without_a_body(string endpoint)
    {
        var created = await ExpectAsync(await PostAsync(endpoint, NewBody(endpoint)), HttpStatusCode.Created);

        var response = await SendAsync(HttpMethod.Get, $"{endpoint}/{Id(created)}", null, ifNoneMatch: Version(created));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Version(created), ETag(response));
    }

    [Fact]
    public async Task If_none_match_with_an_old_version_returns_the_resource()
    {
        var (created, stale) = await CreateWithStaleVersionAsync("/Users");

        var response = await SendAsync(HttpMethod.Get, $"/Users/{Id(created)}", null, ifNoneMatch: stale);

        var body = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(Version(created), Version(body));
    }

    [Fact]
    public async Task If_match_on_an_unknown_resource_is_404()
    {
        var response = await PatchAsync($"/Users/{Guid.NewGuid()}", Patch("""{"op":"replace","path":"title","value":"x"}"""), "W/\"1\"");

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Version_changes_when_a_member_user_is_deleted()
    {
        var user = await CreateUserAsync();
        var group = await CreateGroupAsync(null, Id(user));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync($"/Users/{Id(user)}")).StatusCode);

        var after = await GetObjectAsync($"/Groups/{Id(group)}");
        Assert.NotEqual(Version(group), Version(after));
        await ExpectErrorAsync(await PatchAsync($"/Groups/{Id(group)}", PatchBody("/Groups"), Version(group)), HttpStatusCode.PreconditionFailed);
    }

    /// <summary>Creates a resource and changes it once, returning it as it is now and its first, stale version.</summary>
    private async Task<(JsonObject Current, string Stale)> CreateWithStaleVersionAsync(string endpoint)
    {
        var created = await ExpectAsync(await PostAsync(endpoint, NewBody(endpoint)), HttpStatusCode.Created);
        var current = await ExpectAsync(await PatchAsync($"{endpoint}/{Id(created)}", PatchBody(endpoint)), HttpStatusCode.OK);
        Assert.NotEqual(Version(created), Version(current));
        return (current, Version(created));
    }

    private static string NewBody(string endpoint) =>
        endpoint == "/Users" ? ScimHttp.NewUser(NewUserName("etag")) : ScimHttp.NewGroup(NewPrefix("etag"));

    private static string ReplaceBody(string endpoint, JsonObject current) =>
        endpoint == "/Users"
            ? ScimHttp.NewUser(Str(current["userName"])!, $$""" "title":"{{Guid.NewGuid():N}}" """)
            : ScimHttp.NewGroup(NewPrefix("etag-put"));

    private static string PatchBody(string endpoint) =>
        endpoint == "/Users"
            ? Patch($$"""{"op":"replace","path":"title","value":"{{Guid.NewGuid():N}}"}""")
            : Patch($$"""{"op":"replace","path":"displayName","value":"{{NewPrefix("etag-patch")}}"}""");
}
