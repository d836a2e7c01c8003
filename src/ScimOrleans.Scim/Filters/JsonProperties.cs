using System.Text.Json.Nodes;

namespace ScimOrleans.Scim.Filters;

/// <summary>Attribute names are case-insensitive (RFC 7643 §2.1), JSON property names are not.</summary>
internal static class JsonProperties
{
    public static JsonNode? Find(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
