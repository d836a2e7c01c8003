using System.Text.Json.Nodes;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Projection;

/// <summary>
/// The projection of a request that names no attributes (nearly every request), done by removing
/// what may not be returned from a document the caller owns instead of building a new one: a
/// stored resource usually holds nothing to remove, so it costs a walk and no allocation. The
/// result is exactly <see cref="AttributeProjector.Project"/>'s with neither list given.
/// </summary>
internal static class DefaultProjection
{
    public static void Apply(JsonObject resource, ResourceSchema schema)
    {
        KeepMembers(resource, schema, static (schema, key, value) =>
            string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase)
            || (schema.FindSchema(key) is { } extension && schema.IsExtension(extension)
                ? value is JsonObject container && KeepContainer(container, extension, schema)
                // Keys the schema does not know (data from before a schema change) are returned as default attributes.
                : AttributeIndex.Find(schema.Core, schema, key) is not { } attribute || KeepAttribute(value, attribute)));
        DropSchemasOfAbsentExtensions(resource, schema);
    }

    /// <summary>Prunes an extension's attributes; false when none is left. Keys it does not define are dropped.</summary>
    private static bool KeepContainer(JsonObject container, SchemaDefinition definition, ResourceSchema schema) =>
        KeepMembers(container, (definition, schema), static (scope, key, value) =>
            AttributeIndex.Find(scope.definition, scope.schema, key) is { } attribute && KeepAttribute(value, attribute));

    /// <summary>Prunes one attribute's value in place; false when the attribute is not returned at all.</summary>
    private static bool KeepAttribute(JsonNode? value, AttributeDefinition attribute)
    {
        if (value is null || attribute.Returned is Returned.Never or Returned.Request)
        {
            return false;
        }

        if (attribute.Returned == Returned.Always || attribute.Type != AttributeType.Complex)
        {
            return true;
        }

        switch (value)
        {
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is null || (array[i] is JsonObject element && !KeepSubAttributes(element, attribute)))
                    {
                        array.RemoveAt(i);
                    }
                }

                return array.Count > 0;
            case JsonObject obj:
                return KeepSubAttributes(obj, attribute);
            default:
                return true;
        }
    }

    /// <summary>Drops never- and request-returned sub-attributes; false when the value is left empty.</summary>
    private static bool KeepSubAttributes(JsonObject value, AttributeDefinition attribute) =>
        KeepMembers(value, attribute, static (attribute, key, _) =>
            attribute.FindSubAttribute(key) is not { Returned: Returned.Never or Returned.Request });

    /// <summary>
    /// Removes the members <paramref name="keep"/> refuses (after the walk: an object cannot change
    /// while it is enumerated); false when none is left. The predicate is static and takes its
    /// state, so a walk allocates nothing unless something is removed.
    /// </summary>
    private static bool KeepMembers<TState>(JsonObject obj, TState state, Func<TState, string, JsonNode?, bool> keep)
    {
        List<string>? dropped = null;
        foreach (var (key, value) in obj)
        {
            if (!keep(state, key, value))
            {
                (dropped ??= []).Add(key);
            }
        }

        if (dropped is not null)
        {
            foreach (var key in dropped)
            {
                obj.Remove(key);
            }
        }

        return obj.Count > 0;
    }

    /// <summary>
    /// <c>schemas</c> keeps the core schema and only the extensions still present (also the last
    /// step of <see cref="AttributeProjector"/>'s projection into a new document, which owns its array).
    /// </summary>
    internal static void DropSchemasOfAbsentExtensions(JsonObject resource, ResourceSchema schema)
    {
        if (ResourceLayout.FindKey(resource, "schemas") is not { } key || resource[key] is not JsonArray schemas)
        {
            return;
        }

        for (var i = schemas.Count - 1; i >= 0; i--)
        {
            if (schemas[i] is JsonValue urn && urn.TryGetValue<string>(out var text)
                && schema.FindSchema(text) is { } definition && schema.IsExtension(definition)
                && ResourceLayout.FindKey(resource, definition.Id) is null)
            {
                schemas.RemoveAt(i);
            }
        }
    }
}
