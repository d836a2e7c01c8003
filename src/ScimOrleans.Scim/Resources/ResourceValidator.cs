using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Resources;

/// <summary>
/// Turns a client-supplied resource (POST, PUT, or the result of a PATCH) into the canonical
/// document the service stores: schema casing, extension data under its URN, coerced values,
/// nothing unassigned, nothing the client may not set. The input is never modified.
/// </summary>
public static class ResourceValidator
{
    public static JsonObject PrepareForCreate(JsonObject input, ResourceSchema schema) => Prepare(input, null, schema);

    /// <summary>
    /// As for create, and additionally: immutable attributes that have a value in
    /// <paramref name="existing"/> must keep it (400 <c>mutability</c>); an immutable attribute
    /// the client left out keeps its value, as do the read-only ones (id, meta, groups), so the
    /// result is a complete resource.
    /// </summary>
    public static JsonObject PrepareForReplace(JsonObject input, JsonObject existing, ResourceSchema schema) => Prepare(input, existing, schema);

    private static JsonObject Prepare(JsonObject input, JsonObject? existing, ResourceSchema schema)
    {
        CheckSchemas(input, schema);
        var values = new AttributeValues();
        foreach (var (slot, value) in Collect(input, schema))
        {
            var attribute = slot.Attribute;
            if (attribute.Mutability == Mutability.ReadOnly)
            {
                continue;
            }

            // Passwords (the only writeOnly attribute) are accepted so IdPs that always send one
            // keep working, and then dropped: users authenticate by SSO, and a stored secret is
            // only something that could leak.
            if (attribute.Mutability == Mutability.WriteOnly)
            {
                continue;
            }

            var isMembers = GroupMembers.Applies(slot.Schema, attribute);
            if (isMembers)
            {
                GroupMembers.RequireIds(value);
            }

            var coerced = AttributeCoercion.Coerce(value, attribute, ResourceLayout.DisplayName(slot.Schema, schema, attribute.Name));
            if (isMembers && coerced is JsonArray members)
            {
                coerced = GroupMembers.Normalise(members);
            }

            values.Set(slot, coerced);
        }

        if (existing is not null)
        {
            KeepWhatClientsCannotChange(values, existing, schema);
        }

        CheckRequired(values, schema);
        return Compose(values, schema);
    }

    private static void CheckSchemas(JsonObject input, ResourceSchema schema)
    {
        if (ResourceLayout.Get(input, "schemas") is not JsonArray urns)
        {
            throw ScimException.InvalidSyntax($"'schemas' is required and must list \"{schema.Core.Id}\".");
        }

        var texts = urns.Select(u => u is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw ScimException.InvalidSyntax("'schemas' must be an array of URN strings.")).ToList();
        if (!texts.Contains(schema.Core.Id, StringComparer.OrdinalIgnoreCase))
        {
            throw ScimException.InvalidSyntax($"'schemas' must include \"{schema.Core.Id}\".");
        }

        var unknown = texts.Where(t => schema.FindSchema(t) is null && !SchemaUrns.IgnoredInRequests.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            throw ScimException.InvalidValue($"'schemas' lists {string.Join(", ", unknown.Select(u => $"\"{u}\""))}, not a schema of {schema.Name}.");
        }
    }

    /// <summary>Groups the input by attribute, whatever casing or layout the client used.</summary>
    private static IEnumerable<KeyValuePair<AttributeSlot, JsonNode?>> Collect(JsonObject input, ResourceSchema schema)
    {
        var collected = new Dictionary<AttributeSlot, JsonNode?>();
        var unknown = new List<string>();
        foreach (var (key, value) in input)
        {
            if (string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (schema.FindSchema(key) is { } whole)
            {
                if (AttributeCoercion.IsUnassigned(value))
                {
                    continue;
                }

                if (value is not JsonObject nested)
                {
                    throw ScimException.InvalidValue($"'{key}' must be an object holding attributes of that schema.");
                }

                foreach (var (innerKey, innerValue) in nested)
                {
                    var attribute = ResourceLayout.AttributesOf(whole, schema)
                        .FirstOrDefault(a => string.Equals(a.Name, innerKey, StringComparison.OrdinalIgnoreCase));
                    if (attribute is null)
                    {
                        unknown.Add($"{whole.Id}:{innerKey}");
                    }
                    else
                    {
                        Put(collected, new AttributeSlot(whole, attribute), null, innerValue);
                    }
                }

                continue;
            }

            // Full attribute paths ("urn:...:enterprise:2.0:User:employeeNumber") are accepted as
            // keys; a dotted short path is not an attribute name of a resource body.
            var resolved = TryResolve(schema, key);
            if (resolved is null || (resolved.SubAttribute is not null && !key.StartsWith("urn:", StringComparison.OrdinalIgnoreCase)))
            {
                unknown.Add(key);
                continue;
            }

            Put(collected, new AttributeSlot(resolved.Schema, resolved.Attribute), resolved.SubAttribute, value);
        }

        if (unknown.Count > 0)
        {
            throw ScimException.InvalidValue($"Unknown attribute(s) for {schema.Name}: {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        return collected;
    }

    private static ResolvedAttribute? TryResolve(ResourceSchema schema, string key)
    {
        try
        {
            return schema.TryResolve(schema.ParsePath(key));
        }
        catch (ScimException)
        {
            return null;
        }
    }

    private static void Put(Dictionary<AttributeSlot, JsonNode?> collected, AttributeSlot slot, AttributeDefinition? sub, JsonNode? value)
    {
        if (sub is null)
        {
            collected[slot] = value?.DeepClone();
            return;
        }

        if (!collected.TryGetValue(slot, out var current) || current is not JsonObject parent)
        {
            parent = new JsonObject();
            collected[slot] = parent;
        }

        ResourceLayout.Set(parent, sub.Name, value?.DeepClone());
    }

    private static void KeepWhatClientsCannotChange(AttributeValues values, JsonObject existing, ResourceSchema schema)
    {
        foreach (var definition in schema.AllSchemas)
        {
            if (ResourceLayout.FindContainer(existing, definition, schema) is not { } container)
            {
                continue;
            }

            foreach (var attribute in ResourceLayout.AttributesOf(definition, schema))
            {
                var old = ResourceLayout.Get(container, attribute.Name);
                if (AttributeCoercion.IsUnassigned(old))
                {
                    continue;
                }

                var slot = new AttributeSlot(definition, attribute);
                var name = ResourceLayout.DisplayName(definition, schema, attribute.Name);
                var now = values.Get(slot);
                if (attribute.Mutability == Mutability.ReadOnly || (attribute.Mutability == Mutability.Immutable && now is null))
                {
                    values.Set(slot, old!.DeepClone());
                }
                else if (attribute.Mutability == Mutability.Immutable && !JsonNode.DeepEquals(AttributeCoercion.CanonicalOrSelf(old, attribute, name), now))
                {
                    throw ScimException.Mutability($"'{name}' is immutable and already has a value.");
                }
                else if (attribute is { Type: AttributeType.Complex, MultiValued: false } && now is JsonObject nowObject && old is JsonObject oldObject)
                {
                    KeepImmutableSubAttributes(attribute, oldObject, nowObject, name);
                }
            }
        }
    }

    private static void KeepImmutableSubAttributes(AttributeDefinition attribute, JsonObject old, JsonObject now, string name)
    {
        foreach (var sub in attribute.SubAttributes.Where(s => s.Mutability == Mutability.Immutable))
        {
            var oldSub = ResourceLayout.Get(old, sub.Name);
            if (AttributeCoercion.IsUnassigned(oldSub))
            {
                continue;
            }

            var nowSub = ResourceLayout.Get(now, sub.Name);
            if (nowSub is null)
            {
                now[sub.Name] = oldSub!.DeepClone();
            }
            else if (!JsonNode.DeepEquals(AttributeCoercion.CanonicalOrSelf(oldSub, sub, $"{name}.{sub.Name}"), nowSub))
            {
                throw ScimException.Mutability($"'{name}.{sub.Name}' is immutable and already has a value.");
            }
        }
    }

    private static void CheckRequired(AttributeValues values, ResourceSchema schema)
    {
        foreach (var definition in schema.AllSchemas)
        {
            var isExtension = schema.IsExtension(definition);
            var present = values.Has(definition);
            if (isExtension && !present)
            {
                if (schema.Extensions.Any(e => e.Required && e.Schema.Id == definition.Id))
                {
                    throw ScimException.InvalidValue($"The extension \"{definition.Id}\" is required for {schema.Name}.");
                }

                continue;
            }

            var missing = definition.Attributes.FirstOrDefault(a =>
                a.Required && a.Mutability != Mutability.ReadOnly && values.Get(new AttributeSlot(definition, a)) is null);
            if (missing is not null)
            {
                throw ScimException.InvalidValue($"'{ResourceLayout.DisplayName(definition, schema, missing.Name)}' is required.");
            }
        }
    }

    private static JsonObject Compose(AttributeValues values, ResourceSchema schema)
    {
        var output = new JsonObject();
        var schemas = new JsonArray(JsonValue.Create(schema.Core.Id));
        output["schemas"] = schemas;
        var core = schema.Core;
        foreach (var attribute in new[] { CommonAttributes.Id, CommonAttributes.ExternalId }.Concat(core.Attributes))
        {
            if (values.Get(new AttributeSlot(core, attribute)) is { } value)
            {
                output[attribute.Name] = value;
            }
        }

        foreach (var extension in schema.Extensions.Select(e => e.Schema).Where(values.Has))
        {
            var nested = new JsonObject();
            foreach (var attribute in extension.Attributes)
            {
                if (values.Get(new AttributeSlot(extension, attribute)) is { } value)
                {
                    nested[attribute.Name] = value;
                }
            }

            schemas.Add(JsonValue.Create(extension.Id));
            output[extension.Id] = nested;
        }

        if (values.Get(new AttributeSlot(core, CommonAttributes.Meta)) is { } meta)
        {
            output[CommonAttributes.Meta.Name] = meta;
        }

        return output;
    }
}
