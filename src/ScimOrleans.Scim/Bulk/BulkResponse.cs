using System.Globalization;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Bulk;

/// <summary>The BulkResponse message (RFC 7644 §3.7.3): one entry per operation that ran, in request order.</summary>
public static class BulkResponse
{
    public static JsonObject Create(IEnumerable<BulkOperationResult> results)
    {
        var operations = new JsonArray();
        foreach (var result in results.OrderBy(r => r.Index))
        {
            var entry = new JsonObject { ["method"] = result.Method };
            if (result.BulkId is not null)
            {
                entry["bulkId"] = result.BulkId;
            }

            if (result.Version is not null)
            {
                entry["version"] = result.Version;
            }

            if (result.Location is not null)
            {
                entry["location"] = result.Location;
            }

            entry["status"] = result.Status.ToString(CultureInfo.InvariantCulture);
            if (result.Response is not null)
            {
                entry["response"] = result.Response;
            }

            operations.Add(entry);
        }

        return new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrns.BulkResponse),
            ["Operations"] = operations,
        };
    }
}
