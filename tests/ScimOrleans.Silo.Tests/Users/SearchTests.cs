using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Users;

/// <summary>POST /.search per resource type and at the base URL (RFC 7644 §3.4.3).</summary>
[Collection(ScimCollection.Name)]
public sealed class SearchTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Fact]
    public async Task Users_search_returns_matching_users()
    {
        var created = await CreateUserAsync();

        var response = await PostAsync("/Users/.search", Search($"userName eq \"{Str(created["userName"])}\""));

        var list = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Contains(ListResponseSchema, list["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Equal(1, list["totalResults"]!.GetValue<int>());
        Assert.Equal(Id(created), Assert.Single(Ids(list)));
        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
    }

    [Fact]
    public async Task Groups_search_returns_matching_groups()
    {
        var group = await CreateGroupAsync();

        var list = await ExpectAsync(await PostAsync("/Groups/.search", Search($"displayName eq \"{Str(group["displayName"])}\"")), HttpStatusCode.OK);

        Assert.Equal(Id(group), Assert.Single(Ids(list)));
        Assert.Equal("Group", Str(Resources(list)[0]!["meta"]!["resourceType"]));
    }

    [Fact]
    public async Task Search_honours_attributes_sort_and_paging_in_the_body()
    {
        var prefix = NewPrefix("srch");
        foreach (var name in new[] { "c", "a", "b" })
        {
            await CreateUserAsync($"{prefix}-{name}@example.com", """ "displayName":"D" """);
        }

        var body = Search($"userName sw \"{prefix}\"",
            """ "sortBy":"userName","sortOrder":"descending","startIndex":2,"count":1,"attributes":["userName"] """);
        var list = await ExpectAsync(await PostAsync("/Users/.search", body), HttpStatusCode.OK);

        Assert.Equal(3, list["totalResults"]!.GetValue<int>());
        Assert.Equal(2, list["startIndex"]!.GetValue<int>());
        var only = Assert.Single(Resources(list))!.AsObject();
        Assert.Equal($"{prefix}-b@example.com", Str(only["userName"]));
        Assert.NotNull(only["id"]);
        Assert.Null(only["displayName"]);
    }

    [Fact]
    public async Task Search_at_the_base_url_returns_users_then_groups()
    {
        var prefix = NewPrefix("root");
        var group = await CreateGroupAsync($"{prefix}-group");
        var user = await CreateUserAsync(extra: $$""" "displayName":"{{prefix}}-user" """);

        var list = await ExpectAsync(await PostAsync("/.search", Search($"displayName sw \"{prefix}\"")), HttpStatusCode.OK);

        Assert.Equal(2, list["totalResults"]!.GetValue<int>());
        Assert.Equal([Id(user), Id(group)], Ids(list));
        Assert.Equal("User", Str(Resources(list)[0]!["meta"]!["resourceType"]));
        Assert.Equal("Group", Str(Resources(list)[1]!["meta"]!["resourceType"]));
    }

    [Fact]
    public async Task Search_at_the_base_url_pages_across_types()
    {
        var prefix = NewPrefix("rootpage");
        var user = await CreateUserAsync(extra: $$""" "displayName":"{{prefix}}-user" """);
        var group = await CreateGroupAsync($"{prefix}-group");

        var first = await ExpectAsync(await PostAsync("/.search", Search($"displayName sw \"{prefix}\"", """ "count":1 """)), HttpStatusCode.OK);
        var second = await ExpectAsync(await PostAsync("/.search", Search($"displayName sw \"{prefix}\"", """ "startIndex":2,"count":1 """)), HttpStatusCode.OK);

        Assert.Equal(2, first["totalResults"]!.GetValue<int>());
        Assert.Equal([Id(user)], Ids(first));
        Assert.Equal(2, second["totalResults"]!.GetValue<int>());
        Assert.Equal([Id(group)], Ids(second));
    }

    [Fact]
    public async Task Search_at_the_base_url_with_count_zero_returns_the_total_only()
    {
        var prefix = NewPrefix("rootzero");
        await CreateUserAsync(extra: $$""" "displayName":"{{prefix}}-user" """);
        await CreateGroupAsync($"{prefix}-group");

        var list = await ExpectAsync(await PostAsync("/.search", Search($"displayName sw \"{prefix}\"", """ "count":0 """)), HttpStatusCode.OK);

        Assert.Equal(2, list["totalResults"]!.GetValue<int>());
        Assert.Empty(Resources(list));
    }

    [Fact]
    public async Task Search_at_the_base_url_starting_inside_the_groups_skips_all_users()
    {
        var prefix = NewPrefix("rootskip");
        await CreateUserAsync(extra: $$""" "displayName":"{{prefix}}-u1" """);
        await CreateUserAsync(extra: $$""" "displayName":"{{prefix}}-u2" """);
        var g1 = await CreateGroupAsync($"{prefix}-g1");
        var g2 = await CreateGroupAsync($"{prefix}-g2");

        var list = await ExpectAsync(await PostAsync("/.search",
            Search($"displayName sw \"{prefix}\"", """ "sortBy":"displayName","startIndex":3,"count":10 """)), HttpStatusCode.OK);

        Assert.Equal(4, list["totalResults"]!.GetValue<int>());
        Assert.Equal([Id(g1), Id(g2)], Ids(list));
    }

    [Fact]
    public async Task Search_at_the_base_url_with_a_user_only_attribute_returns_only_users()
    {
        var user = await CreateUserAsync();

        var list = await ExpectAsync(await PostAsync("/.search", Search($"userName eq \"{Str(user["userName"])}\"")), HttpStatusCode.OK);

        Assert.Equal([Id(user)], Ids(list));
    }

    [Fact]
    public async Task Search_with_a_bad_filter_is_400_invalid_filter()
    {
        await ExpectErrorAsync(await PostAsync("/Users/.search", Search("userName eq")), HttpStatusCode.BadRequest, "invalidFilter");
        await ExpectErrorAsync(await PostAsync("/.search", Search("userName zz \"a\"")), HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task Search_with_malformed_json_is_400_invalid_syntax()
    {
        await ExpectErrorAsync(await PostAsync("/Users/.search", "{\"filter\":"), HttpStatusCode.BadRequest, "invalidSyntax");
    }

    [Fact]
    public async Task Search_accepts_plain_application_json()
    {
        var user = await CreateUserAsync();

        var response = await PostAsync("/Users/.search", Search($"userName eq \"{Str(user["userName"])}\""), "application/json");

        Assert.Equal([Id(user)], Ids(await ExpectAsync(response, HttpStatusCode.OK)));
    }
}
