using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Resources;

/// <summary>
/// Rules for <c>Group.members</c> beyond its schema: a member is its id and type only (display
/// and <c>$ref</c> are derived by the service), and a member listed twice is one member, so an
/// IdP that re-adds an existing member (Entra, Okta do on retries) changes nothing.
/// </summary>
internal static class GroupMembers
{
    public static bool Applies(SchemaDefinition schema, AttributeDefinition attribute) =>
        string.Equals(schema.Id, SchemaUrns.Group, StringComparison.OrdinalIgnoreCase)
        && string.Equals(attribute.Name, "members", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Checked before coercion, which would silently drop a member reduced to nothing by
    /// stripping read-only <c>display</c>: a member without an id is a client error.
    /// </summary>
    public static void RequireIds(JsonNode? members)
    {
        IEnumerable<JsonNode?> items = members is JsonArray array ? array : [members];
        if (items.Any(m => m is JsonObject obj && AttributeCoercion.IsUnassigned(ResourceLayout.Get(obj, "value"))))
        {
            throw ScimException.InvalidValue("Every value of 'members' needs a string 'value' holding the member's id.");
        }
    }

    /// <summary>Takes the already coerced array; returns null when no member remains.</summary>
    public static JsonArray? Normalise(JsonArray members)
    {
        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (member is not JsonObject obj || ResourceLayout.Get(obj, "value") is not JsonValue value
                || !value.TryGetValue<string>(out var id) || id.Length == 0)
            {
                throw ScimException.InvalidValue("Every value of 'members' needs a string 'value' holding the member's id.");
            }

            if (!seen.Add(id))
            {
                continue;
            }

            var normalised = new JsonObject { ["value"] = id };
            if (ResourceLayout.Get(obj, "type") is JsonValue type && type.TryGetValue<string>(out var typeText))
            {
                normalised["type"] = CanonicalType(typeText);
            }

            result.Add(normalised);
        }

        return result.Count == 0 ? null : result;
    }

    private static string CanonicalType(string type) =>
        string.Equals(type, "User", StringComparison.OrdinalIgnoreCase) ? "User"
        : string.Equals(type, "Group", StringComparison.OrdinalIgnoreCase) ? "Group"
        : throw ScimException.InvalidValue($"'members.type' must be \"User\" or \"Group\"; got \"{type}\".");
}
