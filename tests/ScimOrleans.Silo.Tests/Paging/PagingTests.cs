using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Paging;

/// <summary>startIndex and count (RFC 7644 §3.4.2.4): 1-based, clamped, and stable across pages.</summary>
[Collection(ScimCollection.Name)]
public sealed class PagingTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Theory]
    [InlineData(null)]
    [InlineData("userName")]
    [InlineData("displayName")]
    public async Task Paging_25_users_by_7_returns_each_exactly_once(string? sortBy)
    {
        var (prefix, ids) = await CreateUsersAsync(25);
        var seen = new List<string>();

        for (var startIndex = 1; startIndex <= 25; startIndex += 7)
        {
            var sort = sortBy is null ? "" : $"&sortBy={sortBy}";
            var page = await ListAsync("/Users", $"userName sw \"{prefix}\"", $"startIndex={startIndex}&count=7{sort}");
            Assert.Equal(25, page["totalResults"]!.GetValue<int>());
            Assert.Equal(startIndex, page["startIndex"]!.GetValue<int>());
            Assert.Equal(Math.Min(7, 25 - startIndex + 1), page["itemsPerPage"]!.GetValue<int>());
            seen.AddRange(Ids(page));
        }

        Assert.Equal(25, seen.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Paging_with_search_bodies_returns_each_exactly_once()
    {
        var (prefix, ids) = await CreateUsersAsync(25);
        var seen = new List<string>();

        for (var startIndex = 1; startIndex <= 25; startIndex += 7)
        {
            var page = await ExpectAsync(
                await PostAsync("/Users/.search", Search($"userName sw \"{prefix}\"", $" \"startIndex\":{startIndex},\"count\":7 ")), HttpStatusCode.OK);
            seen.AddRange(Ids(page));
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Page_past_the_end_is_empty_with_the_total()
    {
        var (prefix, _) = await CreateUsersAsync(3);

        var page = await ListAsync("/Users", $"userName sw \"{prefix}\"", "startIndex=10&count=5");

        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        Assert.Equal(0, page["itemsPerPage"]!.GetValue<int>());
        Assert.Empty(Resources(page));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-1000")]
    public async Task Start_index_below_one_is_treated_as_one(string startIndex)
    {
        var (prefix, _) = await CreateUsersAsync(3);
        var first = await ListAsync("/Users", $"userName sw \"{prefix}\"", "sortBy=userName&startIndex=1&count=2");

        var page = await ListAsync("/Users", $"userName sw \"{prefix}\"", $"sortBy=userName&startIndex={startIndex}&count=2");

        Assert.Equal(1, page["startIndex"]!.GetValue<int>());
        Assert.Equal(Ids(first), Ids(page));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-50")]
    public async Task Count_zero_or_negative_returns_only_the_total(string count)
    {
        var (prefix, _) = await CreateUsersAsync(3);

        var page = await ListAsync("/Users", $"userName sw \"{prefix}\"", $"count={count}");

        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        Assert.Equal(0, page["itemsPerPage"]!.GetValue<int>());
        Assert.Empty(Resources(page));
    }

    [Fact]
    public async Task Count_above_the_maximum_is_capped_at_filter_max_results()
    {
        var config = await GetObjectAsync("/ServiceProviderConfig");
        var maxResults = config["filter"]!["maxResults"]!.GetValue<int>();

        var page = await ListAsync("/Users", query: $"count={maxResults + 1000}");

        Assert.InRange(page["itemsPerPage"]!.GetValue<int>(), 0, maxResults);
        Assert.InRange(Resources(page).Count, 0, maxResults);
    }

    [Fact]
    public async Task Count_above_a_small_maximum_is_capped_at_it()
    {
        await using var host = new ConfiguredScimHost(("Scim:MaxPageSize", "5"));
        using var client = host.CreateScimClient();
        for (var i = 0; i < 8; i++)
        {
            var created = await client.PostAsync($"{host.BaseUrl}/Users", ScimHttp.Json(ScimHttp.NewUser(NewUserName("cap"))));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var config = await (await client.GetAsync($"{host.BaseUrl}/ServiceProviderConfig")).ReadObjectAsync();
        var page = await (await client.GetAsync($"{host.BaseUrl}/Users?count=100")).ReadObjectAsync();

        Assert.Equal(5, config["filter"]!["maxResults"]!.GetValue<int>());
        Assert.Equal(8, page["totalResults"]!.GetValue<int>());
        Assert.Equal(5, page["itemsPerPage"]!.GetValue<int>());
        Assert.Equal(5, page["Resources"]!.AsArray().Count);
    }

    [Fact]
    public async Task Default_page_size_applies_when_no_count_is_given()
    {
        await using var host = new ConfiguredScimHost(("Scim:DefaultPageSize", "2"));
        using var client = host.CreateScimClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created,
                (await client.PostAsync($"{host.BaseUrl}/Users", ScimHttp.Json(ScimHttp.NewUser(NewUserName("dflt"))))).StatusCode);
        }

        var page = await (await client.GetAsync($"{host.BaseUrl}/Users")).ReadObjectAsync();

        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        Assert.Equal(2, page["Resources"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("startIndex=abc")]
    [InlineData("count=many")]
    public async Task Non_numeric_paging_values_are_400(string query)
    {
        await ExpectErrorAsync(await GetAsync($"/Users?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Groups_page_like_users()
    {
        var prefix = NewPrefix("gpage");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Id(await CreateGroupAsync($"{prefix}-{i}")));
        }

        var seen = new List<string>();
        for (var startIndex = 1; startIndex <= 5; startIndex += 2)
        {
            seen.AddRange(Ids(await ListAsync("/Groups", $"displayName sw \"{prefix}\"", $"startIndex={startIndex}&count=2")));
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    private async Task<(string Prefix, List<string> Ids)> CreateUsersAsync(int count)
    {
        var prefix = NewPrefix("page");
        var ids = new List<string>();
        // Same displayName for all: a sort on it must still give a stable order.
        foreach (var i in Enumerable.Range(0, count).OrderBy(_ => Guid.NewGuid()))
        {
            ids.Add(Id(await CreateUserAsync($"{prefix}-{i:D2}@example.com", """ "displayName":"Same" """)));
        }

        return (prefix, ids);
    }
}
