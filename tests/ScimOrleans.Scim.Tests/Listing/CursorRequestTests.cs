using System.Text.Json.Nodes;
using ScimOrleans.Scim.Discovery;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;

namespace ScimOrleans.Scim.Tests.Listing;

/// <summary>Reading cursor paging requests (RFC 9865 §2, §3) and writing their pages and advertisement (§4).</summary>
public sealed class CursorRequestTests
{
    private static readonly ListLimits Limits = new(DefaultCount: 100, MaxCount: 500);

    private static ListRequest Query(params (string Key, string Value)[] parameters) =>
        ListRequestReader.FromQuery(key => parameters.Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault(), Limits);

    [Fact]
    public void No_cursor_parameter_is_index_paging()
    {
        var request = Query(("count", "10"));
        Assert.Null(request.Cursor);
        Assert.False(request.IsCursorPaging);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void An_empty_cursor_starts_cursor_paging(string cursor)
    {
        var request = Query(("cursor", cursor), ("count", "10"));
        Assert.True(request.IsCursorPaging);
        Assert.Equal("", request.Cursor);
        Assert.Equal(10, request.Count);
    }

    [Fact]
    public void A_cursor_value_is_kept_and_the_default_count_applies()
    {
        var request = Query(("cursor", "abc.def"));
        Assert.Equal("abc.def", request.Cursor);
        Assert.Equal(100, request.Count);
    }

    [Fact]
    public void Count_above_the_maximum_is_cut_to_it()
    {
        Assert.Equal(500, Query(("cursor", ""), ("count", "100000")).Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Count_below_one_with_a_cursor_is_invalidCount(string count)
    {
        var error = Assert.Throws<ScimException>(() => Query(("cursor", ""), ("count", count)));
        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorTypes.InvalidCount, error.ScimType);
    }

    [Fact]
    public void Count_zero_without_a_cursor_still_asks_only_for_the_total()
    {
        Assert.Equal(0, Query(("count", "0")).Count);
    }

    [Fact]
    public void Cursor_and_startIndex_together_are_refused()
    {
        var error = Assert.Throws<ScimException>(() => Query(("cursor", ""), ("startIndex", "1")));
        Assert.Equal(ScimErrorTypes.InvalidValue, error.ScimType);
    }

    [Fact]
    public void A_search_body_carries_the_cursor()
    {
        var body = JsonNode.Parse("""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": "userName sw \"a\"", "cursor": "", "count": 10 }
            """)!.AsObject();
        var request = ListRequestReader.FromSearchBody(body, Limits);
        Assert.Equal("", request.Cursor);
        Assert.Equal(10, request.Count);
        Assert.NotNull(request.Filter);
    }

    [Fact]
    public void A_search_body_cursor_must_be_a_string()
    {
        var body = JsonNode.Parse("""{ "cursor": 5 }""")!.AsObject();
        Assert.Equal(ScimErrorTypes.InvalidValue, Assert.Throws<ScimException>(() => ListRequestReader.FromSearchBody(body, Limits)).ScimType);
    }

    [Fact]
    public void A_cursor_page_has_nextCursor_and_no_startIndex()
    {
        var page = ListResponse.CreateCursorPage(250, [new JsonObject { ["id"] = "1" }], "next.sig");
        Assert.Equal(250, page["totalResults"]!.GetValue<int>());
        Assert.Equal(1, page["itemsPerPage"]!.GetValue<int>());
        Assert.Equal("next.sig", page["nextCursor"]!.GetValue<string>());
        Assert.Null(page["startIndex"]);
        Assert.Null(page["previousCursor"]);
    }

    [Fact]
    public void The_last_cursor_page_has_no_nextCursor_and_an_unknown_total_is_left_out()
    {
        var page = ListResponse.CreateCursorPage(null, [], null);
        Assert.False(page.ContainsKey("nextCursor"));
        Assert.False(page.ContainsKey("totalResults"));
        Assert.Equal(0, page["itemsPerPage"]!.GetValue<int>());
    }

    [Fact]
    public void ServiceProviderConfig_advertises_pagination()
    {
        var config = ServiceProviderConfigDocument.Create(
            new ServiceProviderFeatures(1000, 1 << 20, Pagination: new PaginationFeatures(true, true, "index", 100, 1000, 3600)), "https://x/scim/t/v2");
        var pagination = config["pagination"]!.AsObject();
        Assert.True(pagination["cursor"]!.GetValue<bool>());
        Assert.True(pagination["index"]!.GetValue<bool>());
        Assert.Equal("index", pagination["defaultPaginationMethod"]!.GetValue<string>());
        Assert.Equal(100, pagination["defaultPageSize"]!.GetValue<int>());
        Assert.Equal(1000, pagination["maxPageSize"]!.GetValue<int>());
        Assert.Equal(3600, pagination["cursorTimeout"]!.GetValue<int>());
    }

    [Fact]
    public void ServiceProviderConfig_without_pagination_features_leaves_it_out()
    {
        Assert.Null(ServiceProviderConfigDocument.Create(new ServiceProviderFeatures(1000, 1 << 20), "https://x")["pagination"]);
    }
}
