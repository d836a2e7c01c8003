using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Cursor;

/// <summary>Cursor paging over HTTP (RFC 9865): cursor/nextCursor, errors, POST searches, discovery.</summary>
[Collection(ScimCollection.Name)]
public sealed class CursorPagingTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("userName", false)]
    [InlineData("userName", true)]
    [InlineData("displayName", false)]
    public async Task Following_nextCursor_returns_each_user_once_and_the_last_page_has_none(string? sortBy, bool descending)
    {
        var (prefix, ids) = await CreateUsersAsync(25);
        var sort = sortBy is null ? "" : $"&sortBy={sortBy}" + (descending ? "&sortOrder=descending" : "");
        var filter = $"userName sw \"{prefix}\"";

        var seen = new List<string>();
        var pages = new List<JsonObject>();
        var cursor = "";
        while (true)
        {
            var page = await ListAsync("/Users", filter, $"cursor={Q(cursor)}&count=7{sort}");
            pages.Add(page);
            Assert.Equal(25, page["totalResults"]!.GetValue<int>());
            Assert.Null(page["startIndex"]);
            Assert.Equal(Resources(page).Count, page["itemsPerPage"]!.GetValue<int>());
            seen.AddRange(Ids(page));
            if (page["nextCursor"] is not { } next)
            {
                break;
            }

            cursor = next.GetValue<string>();
            Assert.Matches("^[A-Za-z0-9._~-]+$", cursor);
            Assert.True(pages.Count < 10);
        }

        Assert.Equal([7, 7, 7, 4], pages.Select(p => Resources(p).Count));
        Assert.Equal(25, seen.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        if (sortBy == "userName")
        {
            var names = pages.SelectMany(p => Resources(p)).Select(r => r!["userName"]!.GetValue<string>()).ToList();
            Assert.Equal(descending ? names.OrderDescending(StringComparer.Ordinal) : names.Order(StringComparer.Ordinal), names);
        }
    }

    [Fact]
    public async Task A_bare_cursor_parameter_starts_cursor_paging()
    {
        var (prefix, _) = await CreateUsersAsync(3);
        var page = await ListAsync("/Users", $"userName sw \"{prefix}\"", "cursor&count=2");
        Assert.NotNull(page["nextCursor"]);
        Assert.Equal(2, Resources(page).Count);
    }

    [Fact]
    public async Task An_exactly_full_last_page_has_no_nextCursor()
    {
        var (prefix, _) = await CreateUsersAsync(4);
        var first = await ListAsync("/Users", $"userName sw \"{prefix}\"", "cursor=&count=2");
        var second = await ListAsync("/Users", $"userName sw \"{prefix}\"", $"cursor={Q(first["nextCursor"]!.GetValue<string>())}&count=2");
        Assert.Equal(2, Resources(second).Count);
        Assert.Null(second["nextCursor"]);
    }

    [Fact]
    public async Task Search_bodies_carry_the_cursor()
    {
        var (prefix, ids) = await CreateUsersAsync(10);
        var seen = new List<string>();
        var cursor = "";
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await ExpectAsync(await PostAsync("/Users/.search",
                Search($"userName sw \"{prefix}\"", $"\"cursor\":\"{cursor}\",\"count\":4,\"attributes\":[\"userName\"]")), HttpStatusCode.OK);
            seen.AddRange(Ids(page));
            Assert.All(Resources(page), r => Assert.Null(r!["displayName"]));
            if (page["nextCursor"] is not { } next)
            {
                break;
            }

            cursor = next.GetValue<string>();
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(20)]
    public async Task Root_search_pages_through_users_then_groups(int count)
    {
        var prefix = NewPrefix("root");
        var expected = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            expected.Add(Id(await CreateUserAsync(NewUserName(), $"\"externalId\":\"{prefix}-u{i}\"")));
        }

        for (var i = 0; i < 3; i++)
        {
            expected.Add(Id(await CreateAsync("/Groups", $$"""{"schemas":["{{GroupSchema}}"],"displayName":"{{prefix}}-g{{i}}","externalId":"{{prefix}}-g{{i}}"}""")));
        }

        var seen = new List<string>();
        var cursor = "";
        var pages = 0;
        while (true)
        {
            var page = await ExpectAsync(await PostAsync("/.search",
                Search($"externalId sw \"{prefix}\"", $"\"cursor\":\"{cursor}\",\"count\":{count}")), HttpStatusCode.OK);
            pages++;
            Assert.Equal(8, page["totalResults"]!.GetValue<int>());
            seen.AddRange(Ids(page));
            if (page["nextCursor"] is not { } next)
            {
                break;
            }

            Assert.Equal(count, Resources(page).Count);
            cursor = next.GetValue<string>();
            Assert.True(pages < 10);
        }

        Assert.Equal((8 + count - 1) / count, pages);
        Assert.Equal(expected.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tampered_cursor_is_invalidCursor()
    {
        var (prefix, _) = await CreateUsersAsync(3);
        var filter = $"userName sw \"{prefix}\"";
        var next = (await ListAsync("/Users", filter, "cursor=&count=1"))["nextCursor"]!.GetValue<string>();
        var tampered = next[..3] + (next[3] == 'A' ? 'B' : 'A') + next[4..];

        await ExpectErrorAsync(await GetAsync($"/Users?filter={Q(filter)}&cursor={Q(tampered)}&count=1"), HttpStatusCode.BadRequest, "invalidCursor");
        await ExpectErrorAsync(await GetAsync($"/Users?filter={Q(filter)}&cursor=not-a-cursor&count=1"), HttpStatusCode.BadRequest, "invalidCursor");
    }

    [Fact]
    public async Task A_cursor_sent_with_another_filter_sort_or_endpoint_is_invalidCursor()
    {
        var (prefix, _) = await CreateUsersAsync(3);
        var filter = $"userName sw \"{prefix}\"";
        var next = Q((await ListAsync("/Users", filter, "cursor=&count=1"))["nextCursor"]!.GetValue<string>());

        await ExpectErrorAsync(await GetAsync($"/Users?filter={Q(filter + " and active eq true")}&cursor={next}&count=1"), HttpStatusCode.BadRequest, "invalidCursor");
        await ExpectErrorAsync(await GetAsync($"/Users?filter={Q(filter)}&sortBy=userName&cursor={next}&count=1"), HttpStatusCode.BadRequest, "invalidCursor");
        await ExpectErrorAsync(await GetAsync($"/Groups?filter={Q(filter.Replace("userName", "displayName", StringComparison.Ordinal))}&cursor={next}&count=1"),
            HttpStatusCode.BadRequest, "invalidCursor");
        // Only the cursor, count and projection may change between pages.
        var page = await ListAsync("/Users", filter, $"cursor={next}&count=5&attributes=userName");
        Assert.Equal(2, Resources(page).Count);
    }

    [Fact]
    public async Task Cursor_with_startIndex_or_a_count_below_one_is_refused()
    {
        await ExpectErrorAsync(await GetAsync("/Users?cursor=&startIndex=1"), HttpStatusCode.BadRequest, "invalidValue");
        await ExpectErrorAsync(await GetAsync("/Users?cursor=&count=0"), HttpStatusCode.BadRequest, "invalidCount");
    }

    [Fact]
    public async Task Index_paging_is_unchanged()
    {
        var (prefix, _) = await CreateUsersAsync(3);
        var page = await ListAsync("/Users", $"userName sw \"{prefix}\"", "startIndex=2&count=1");
        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        Assert.Equal(2, page["startIndex"]!.GetValue<int>());
        Assert.Null(page["nextCursor"]);
    }

    [Fact]
    public async Task ServiceProviderConfig_advertises_pagination()
    {
        var config = await GetObjectAsync("/ServiceProviderConfig");
        var pagination = config["pagination"]!.AsObject();
        Assert.True(pagination["cursor"]!.GetValue<bool>());
        Assert.True(pagination["index"]!.GetValue<bool>());
        Assert.Equal("index", pagination["defaultPaginationMethod"]!.GetValue<string>());
        Assert.True(pagination["defaultPageSize"]!.GetValue<int>() > 0);
        Assert.True(pagination["maxPageSize"]!.GetValue<int>() >= pagination["defaultPageSize"]!.GetValue<int>());
        Assert.Equal(3600, pagination["cursorTimeout"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cursor_older_than_cursorTimeout_is_expiredCursor_and_a_configured_key_signs_cursors()
    {
        const string key = "cursor-key-for-tests";
        await using var host = new ConfiguredScimHost(("Scim:CursorKey", key), ("Scim:CursorTimeoutSeconds", "600"));
        using var client = host.CreateScimClient();
        var filter = "userName sw \"nobody-\"";
        var request = ListRequestReader.FromQuery(k => k switch { "filter" => filter, "cursor" => "", _ => null }, new ListLimits());
        var fingerprint = ListCursorProtector.Fingerprint($"{ScimApplicationFactory.Tenant}\n/Users", request);
        var position = new JsonObject { ["i"] = "", ["r"] = "User" };
        var keyBytes = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        var fresh = new ListCursorProtector(keyBytes, TimeSpan.FromSeconds(600)).Protect(fingerprint, position, 0);
        var ok = await client.GetAsync($"{host.BaseUrl}/Users?filter={Q(filter)}&cursor={Q(fresh)}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var issuedLongAgo = new ListCursorProtector(keyBytes, TimeSpan.FromSeconds(600), new PastClock(TimeSpan.FromSeconds(601)))
            .Protect(fingerprint, position, 0);
        await ExpectErrorAsync(await client.GetAsync($"{host.BaseUrl}/Users?filter={Q(filter)}&cursor={Q(issuedLongAgo)}"), HttpStatusCode.BadRequest, "expiredCursor");

        var config = await ExpectAsync(await client.GetAsync($"{host.BaseUrl}/ServiceProviderConfig"), HttpStatusCode.OK);
        Assert.Equal(600, config["pagination"]!["cursorTimeout"]!.GetValue<int>());
    }

    private sealed class PastClock(TimeSpan behind) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow - behind;
    }

    private async Task<(string Prefix, List<string> Ids)> CreateUsersAsync(int count)
    {
        var prefix = NewPrefix("cursor");
        var ids = new List<string>();
        // Same displayName for all: a sort on it must still give a stable order.
        foreach (var i in Enumerable.Range(0, count).OrderBy(_ => Guid.NewGuid()))
        {
            ids.Add(Id(await CreateUserAsync($"{prefix}-{i:D2}@example.com", """ "displayName":"Same" """)));
        }

        return (prefix, ids);
    }
}
