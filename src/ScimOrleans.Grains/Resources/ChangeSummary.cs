using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Grains.Resources;

/// <summary>
/// The attributes a write changed, for the activity log: name -> new value (null when removed),
/// with the values of sensitive attributes masked.
/// </summary>
public static class ChangeSummary
{
    public const string Masked = "***";

    private static readonly HashSet<string> Bookkeeping = new(StringComparer.OrdinalIgnoreCase) { "schemas", "id", "meta", "groups" };

    public static JsonObject Between(JsonObject? before, JsonObject? after, ResourceSchema schema)
    {
        var changes = new JsonObject();
        var flatBefore = Flatten(before, schema);
        var flatAfter = Flatten(after, schema);
        foreach (var name in flatBefore.Keys.Union(flatAfter.Keys).Order(StringComparer.Ordinal))
        {
            flatBefore.TryGetValue(name, out var old);
            flatAfter.TryGetValue(name, out var @new);
            if (!JsonNode.DeepEquals(old, @new))
            {
                changes[name] = IsSensitive(name, schema) && @new is not null ? Masked : @new?.DeepClone();
            }
        }

        return changes;
    }

    /// <summary>Marks that a request carried a password, which is accepted but never stored.</summary>
    public static void NotePassword(JsonObject changes, string requestBody)
    {
        if (requestBody.Contains("\"password\"", StringComparison.OrdinalIgnoreCase))
        {
            changes["password"] = Masked;
        }
    }

    /// <summary>Top-level attributes by name, extension attributes as "urn:...:name".</summary>
    private static Dictionary<string, JsonNode?> Flatten(JsonObject? document, ResourceSchema schema)
    {
        var flat = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in document ?? [])
        {
            if (Bookkeeping.Contains(key))
            {
                continue;
            }

            if (schema.FindSchema(key) is not null && value is JsonObject extension)
            {
                foreach (var (name, inner) in extension)
                {
                    flat[$"{key}:{name}"] = inner;
                }
            }
            else
            {
                flat[key] = value;
            }
        }

        return flat;
    }

    private static bool IsSensitive(string name, ResourceSchema schema)
    {
        var path = schema.ParsePathOrNull(name);
        var attribute = path is null ? null : schema.TryResolve(path)?.Attribute;
        return attribute is { Returned: Returned.Never } || attribute?.Type == AttributeType.Binary
            || string.Equals(attribute?.Name, "x509Certificates", StringComparison.Ordinal);
    }
}
