using System.Text.Json.Nodes;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// jsonb keeps no key order (it sorts keys by length), so documents read back are put in one
/// canonical order: the usual head of a SCIM resource (schemas, id, externalId, userName,
/// displayName), then the other attributes in ordinal order (extensions, under their URN, among
/// them). The store then answers a create and a later read with documents in the same order.
/// </summary>
internal static class PostgresDocuments
{
    private static readonly string[] Head = ["schemas", "id", "externalId", "userName", "displayName"];

    public static JsonObject Canonical(JsonObject document)
    {
        var properties = document.ToList();
        document.Clear();
        var ordered = new JsonObject();
        foreach (var name in Head)
        {
            var index = properties.FindIndex(p => p.Key == name);
            if (index >= 0)
            {
                ordered[name] = properties[index].Value;
                properties.RemoveAt(index);
            }
        }

        foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            ordered[name] = value;
        }

        return ordered;
    }
}
