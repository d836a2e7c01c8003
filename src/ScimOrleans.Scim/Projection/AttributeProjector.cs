using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Projection;

/// <summary>
/// Applies <c>attributes</c> / <c>excludedAttributes</c> (RFC 7644 §3.4.2.5, §3.9) and the
/// <c>returned</c> characteristic (RFC 7643 §7) to a resource about to be returned.
/// </summary>
public static class AttributeProjector
{
    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>();

    /// <summary>
    /// Splits a query parameter such as <c>"userName, name.givenName"</c>; null when absent or
    /// blank. Commas inside attribute names are impossible, so a plain split is exact.
    /// </summary>
    public static IReadOnlyList<string>? ParseList(string? parameter)
    {
        if (string.IsNullOrWhiteSpace(parameter))
        {
            return null;
        }

        var names = parameter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length == 0 ? null : names;
    }

    /// <summary>
    /// Returns a new document. <c>never</c> attributes are always dropped and <c>always</c> ones
    /// (id, schemas) always kept; when <paramref name="attributes"/> is given only what it names
    /// is returned, otherwise <c>default</c> attributes minus <paramref name="excludedAttributes"/>.
    /// When both are given, exclusion applies to the selection. Unknown names are ignored, as a
    /// client asking for an attribute a tenant lacks should still get the resource.
    /// </summary>
    public static JsonObject Project(JsonObject resource, ResourceSchema schema, IReadOnlyCollection<string>? attributes, IReadOnlyCollection<string>? excludedAttributes) =>
        ProjectResource(resource, schema, attributes, excludedAttributes, owned: false);

    /// <summary>
    /// <see cref="Project"/> for a caller that owns <paramref name="resource"/> and is done with it:
    /// with neither list given <paramref name="resource"/> itself is pruned and returned; otherwise
    /// the values kept are moved into the result instead of copied, and it is left emptied.
    /// </summary>
    public static JsonObject ProjectInPlace(JsonObject resource, ResourceSchema schema, IReadOnlyCollection<string>? attributes, IReadOnlyCollection<string>? excludedAttributes)
    {
        if (attributes is not { Count: > 0 } && excludedAttributes is not { Count: > 0 })
        {
            DefaultProjection.Apply(resource, schema);
            return resource;
        }

        return ProjectResource(resource, schema, attributes, excludedAttributes, owned: true);
    }

    private static JsonObject ProjectResource(JsonObject resource, ResourceSchema schema, IReadOnlyCollection<string>? attributes, IReadOnlyCollection<string>? excludedAttributes, bool owned)
    {
        var included = attributes is { Count: > 0 } ? NameSet.From(attributes, schema) : null;
        var excluded = excludedAttributes is { Count: > 0 } ? NameSet.From(excludedAttributes, schema) : NameSet.Empty;
        var output = new JsonObject();
        foreach (var (key, value) in Entries(resource, owned))
        {
            if (string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                output[key] = Copy(value, owned);
            }
            else if (schema.FindSchema(key) is { } extension && schema.IsExtension(extension))
            {
                if (value is JsonObject nested && ProjectContainer(nested, extension, schema, included, excluded, owned) is { Count: > 0 } kept)
                {
                    output[key] = kept;
                }
            }
            else if (AttributeIndex.Find(schema.Core, schema, key) is { } attribute)
            {
                if (ProjectAttribute(value, schema.Core, attribute, included, excluded, owned) is { } kept)
                {
                    output[key] = kept;
                }
            }
            else if (included is null)
            {
                // Not in the schema (data from before a schema change): returned as a default attribute.
                output[key] = Copy(value, owned);
            }
        }

        DefaultProjection.DropSchemasOfAbsentExtensions(output, schema);
        return output;
    }

    private static JsonObject ProjectContainer(JsonObject container, SchemaDefinition definition, ResourceSchema schema, NameSet? included, NameSet excluded, bool owned)
    {
        var kept = new JsonObject();
        foreach (var (key, value) in Entries(container, owned))
        {
            var attribute = AttributeIndex.Find(definition, schema, key);
            if (attribute is not null && ProjectAttribute(value, definition, attribute, included, excluded, owned) is { } projected)
            {
                kept[key] = projected;
            }
        }

        return kept;
    }

    private static JsonNode? ProjectAttribute(JsonNode? value, SchemaDefinition definition, AttributeDefinition attribute, NameSet? included, NameSet excluded, bool owned)
    {
        switch (attribute.Returned)
        {
            case Returned.Never:
                return null;
            case Returned.Always:
                return Copy(value, owned);
        }

        var whole = included is null
            ? attribute.Returned != Returned.Request
            : attribute.Returned == Returned.Request
                // Naming a whole extension does not ask for its request-only attributes.
                ? included.NamesExactly(definition, attribute)
                : included.NamesWhole(definition, attribute);
        var namedSubs = included?.NamedSubAttributes(definition, attribute) ?? NoNames;
        if (!whole && namedSubs.Count == 0)
        {
            return null;
        }

        if (excluded.NamesWhole(definition, attribute))
        {
            return null;
        }

        if (attribute.Type != AttributeType.Complex)
        {
            return Copy(value, owned);
        }

        var dropped = excluded.NamedSubAttributes(definition, attribute);
        bool Keep(AttributeDefinition? sub) =>
            sub is null
                ? whole
                : sub.Returned switch
                {
                    Returned.Never => false,
                    Returned.Always => true,
                    _ => !dropped.Contains(sub.Name)
                        && (namedSubs.Contains(sub.Name) || (whole && sub.Returned != Returned.Request)),
                };

        return value switch
        {
            JsonArray array => ProjectArray(array, attribute, Keep, owned),
            JsonObject obj => ProjectObject(obj, attribute, Keep, owned) is { Count: > 0 } projected ? projected : null,
            _ => Copy(value, owned),
        };
    }

    private static JsonArray? ProjectArray(JsonArray array, AttributeDefinition attribute, Func<AttributeDefinition?, bool> keep, bool owned)
    {
        var result = new JsonArray();
        foreach (var element in Elements(array, owned))
        {
            var projected = element is JsonObject obj ? ProjectObject(obj, attribute, keep, owned) : Copy(element, owned);
            if (projected is not JsonObject { Count: 0 } && projected is not null)
            {
                result.Add(projected);
            }
        }

        return result.Count == 0 ? null : result;
    }

    private static JsonObject ProjectObject(JsonObject obj, AttributeDefinition attribute, Func<AttributeDefinition?, bool> keep, bool owned)
    {
        var result = new JsonObject();
        foreach (var (key, value) in Entries(obj, owned))
        {
            if (keep(attribute.FindSubAttribute(key)))
            {
                result[key] = Copy(value, owned);
            }
        }

        return result;
    }

    /// <summary>An owned object's members, detached from it so they can be moved into the result.</summary>
    private static IEnumerable<KeyValuePair<string, JsonNode?>> Entries(JsonObject obj, bool owned)
    {
        if (!owned)
        {
            return obj;
        }

        var entries = obj.ToList();
        obj.Clear();
        return entries;
    }

    /// <summary>An owned array's elements, detached from it so they can be moved into the result.</summary>
    private static IEnumerable<JsonNode?> Elements(JsonArray array, bool owned)
    {
        if (!owned)
        {
            return array;
        }

        var elements = array.ToList();
        array.Clear();
        return elements;
    }

    private static JsonNode? Copy(JsonNode? value, bool owned) => owned ? value : value?.DeepClone();

    /// <summary>Attribute names from a query parameter, resolved against the schema.</summary>
    private sealed class NameSet
    {
        public static readonly NameSet Empty = new();

        private readonly HashSet<string> _wholeSchemas = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _wholeAttributes = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HashSet<string>> _subAttributes = new(StringComparer.OrdinalIgnoreCase);

        public static NameSet From(IEnumerable<string> names, ResourceSchema schema)
        {
            var set = new NameSet();
            foreach (var name in names)
            {
                try
                {
                    var path = schema.ParsePath(name.Trim());
                    if (path.Name.Length == 0)
                    {
                        set._wholeSchemas.Add(path.SchemaUrn!);
                        continue;
                    }

                    if (schema.TryResolve(path) is not { } resolved)
                    {
                        continue;
                    }

                    var key = Key(resolved.Schema, resolved.Attribute);
                    if (resolved.SubAttribute is null)
                    {
                        set._wholeAttributes.Add(key);
                    }
                    else
                    {
                        if (!set._subAttributes.TryGetValue(key, out var subs))
                        {
                            subs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                            set._subAttributes[key] = subs;
                        }

                        subs.Add(resolved.SubAttribute.Name);
                    }
                }
                catch (ScimException)
                {
                    // Unknown names are ignored (see Project).
                }
            }

            return set;
        }

        // Most requests name nothing: then no key is built for each attribute of each resource.
        private bool IsEmpty => _wholeSchemas.Count == 0 && _wholeAttributes.Count == 0 && _subAttributes.Count == 0;

        public bool NamesWhole(SchemaDefinition definition, AttributeDefinition attribute) =>
            !IsEmpty && (_wholeSchemas.Contains(definition.Id) || _wholeAttributes.Contains(Key(definition, attribute)));

        public bool NamesExactly(SchemaDefinition definition, AttributeDefinition attribute) =>
            !IsEmpty && _wholeAttributes.Contains(Key(definition, attribute));

        public IReadOnlySet<string> NamedSubAttributes(SchemaDefinition definition, AttributeDefinition attribute) =>
            !IsEmpty && _subAttributes.TryGetValue(Key(definition, attribute), out var subs) ? subs : NoNames;

        private static string Key(SchemaDefinition definition, AttributeDefinition attribute) => $"{definition.Id}:{attribute.Name}";
    }
}
