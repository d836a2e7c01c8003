using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Listing;

/// <summary>Writes the ListResponse message (RFC 7644 §3.4.2; cursor pages per RFC 9865 §2).</summary>
public static class ListResponse
{
    public static JsonObject Create(int totalResults, int startIndex, IEnumerable<JsonObject> resources)
    {
        var items = new JsonArray([.. resources]);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrns.ListResponse),
            ["totalResults"] = totalResults,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = items.Count,
            ["Resources"] = items,
        };
    }

    /// <summary>
    /// A page of cursor paging (RFC 9865 §2): no <c>startIndex</c>; <c>nextCursor</c> on every page
    /// but the last, whose absence alone says there are no more pages; <c>totalResults</c> left
    /// out when the caller has none (RFC 9865 §2 lets a provider that cannot tell omit it).
    /// </summary>
    public static JsonObject CreateCursorPage(int? totalResults, IEnumerable<JsonObject> resources, string? nextCursor)
    {
        var items = new JsonArray([.. resources]);
        var page = new JsonObject { ["schemas"] = new JsonArray(SchemaUrns.ListResponse) };
        if (totalResults is { } total)
        {
            page["totalResults"] = total;
        }

        page["itemsPerPage"] = items.Count;
        if (nextCursor is not null)
        {
            page["nextCursor"] = nextCursor;
        }

        page["Resources"] = items;
        return page;
    }
}
