using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Listing;

/// <summary>Writes the ListResponse message (RFC 7644 §3.4.2).</summary>
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
}
