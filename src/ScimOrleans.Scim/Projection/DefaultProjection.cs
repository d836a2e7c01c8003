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
        List<string>? dropped = null;
        foreach (var (key, value) in resource)
        {
            if (string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var keep = schema.FindSchema(key) is { } extension && schema.IsExtension(extension)
                ? value is JsonObject container && KeepContainer(container, extension, schema)
                // Keys the schema does not know (data from before a schema change) are returned as default attributes.
                : AttributeIndex.Find(schema.Core, schema, key) is not { } attribute || KeepAttribute(value, attribute);
            if (!keep)
            {
                (dropped ??= []).Add(key);
            }
        }

        if (dropped is not null)
        {
            foreach (var key in dropped)
            {
                resource.Remove(key);
            }
        }

        DropSchemasOfAbsentExtensions(resource, schema);
    }

    /// <summary>Prunes an extension's attributes; false when none is left. Keys it does not define are dropped.</summary>
    private static bool KeepContainer(JsonObject container, SchemaDefinition definition, ResourceSchema schema)
    {
        List<string>? dropped = null;
        foreach (var (key, value) in container)
        {
            if (AttributeIndex.Find(definition, schema, key) is not { } attribute || !KeepAttribute(value, attribute))
            {
                (dropped ??= []).Add(key);
            }
        }

        if (dropped is not null)
        {
            foreach (var key in dropped)
            {
                container.Remove(key);
            }
        }

        return container.Count > 0;
    }

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
    private static bool KeepSubAttributes(JsonObject value, AttributeDefinition attribute)
    {
        List<string>? dropped = null;
        foreach (var (key, _) in value)
        {
            if (attribute.FindSubAttribute(key) is { Returned: Returned.Never or Returned.Request })
            {
                (dropped ??= []).Add(key);
            }
        }

        if (dropped is not null)
        {
            foreach (var key in dropped)
            {
                value.Remove(key);
            }
        }

        return value.Count > 0;
    }

    /// <summary><c>schemas</c> keeps the core schema and only the extensions still present.</summary>
    private static void DropSchemasOfAbsentExtensions(JsonObject resource, ResourceSchema schema)
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
