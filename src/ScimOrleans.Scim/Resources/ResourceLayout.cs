using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Resources;

/// <summary>
/// Where an attribute lives in a resource document: core and common attributes at the top
/// level, extension attributes under their schema URN key. Keys are matched case-insensitively
/// because documents may come straight from a client.
/// </summary>
internal static class ResourceLayout
{
    public static string? FindKey(JsonObject obj, string name)
    {
        if (obj.ContainsKey(name))
        {
            return name;
        }

        foreach (var (key, _) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return key;
            }
        }

        return null;
    }

    public static JsonNode? Get(JsonObject obj, string name) => FindKey(obj, name) is { } key ? obj[key] : null;

    /// <summary>Removes the key in any casing; true when something was there.</summary>
    public static bool Remove(JsonObject obj, string name)
    {
        var removed = false;
        while (FindKey(obj, name) is { } key)
        {
            removed |= obj[key] is not null;
            obj.Remove(key);
        }

        return removed;
    }

    /// <summary>Sets the value under the canonical name, dropping any differently cased duplicate.</summary>
    public static void Set(JsonObject obj, string name, JsonNode? value)
    {
        Remove(obj, name);
        obj[name] = value;
    }

    /// <summary>The object holding the attributes of <paramref name="schema"/>, or null when an extension is absent.</summary>
    public static JsonObject? FindContainer(JsonObject document, SchemaDefinition schema, ResourceSchema resource) =>
        resource.IsExtension(schema) ? Get(document, schema.Id) as JsonObject : document;

    public static JsonObject GetOrCreateContainer(JsonObject document, SchemaDefinition schema, ResourceSchema resource)
    {
        if (FindContainer(document, schema, resource) is { } found)
        {
            return found;
        }

        var created = new JsonObject();
        Set(document, schema.Id, created);
        return created;
    }

    /// <summary>Attributes that can appear in the container of <paramref name="schema"/>, common ones included for the core.</summary>
    public static IEnumerable<AttributeDefinition> AttributesOf(SchemaDefinition schema, ResourceSchema resource) =>
        resource.IsExtension(schema) ? schema.Attributes : CommonAttributes.All.Concat(schema.Attributes);

    /// <summary>Name used in error messages: bare for the core schema, URN-qualified for extensions.</summary>
    public static string DisplayName(SchemaDefinition schema, ResourceSchema resource, string dottedName) =>
        resource.IsExtension(schema) ? $"{schema.Id}:{dottedName}" : dottedName;
}
