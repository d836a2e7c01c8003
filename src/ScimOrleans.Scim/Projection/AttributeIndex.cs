using System.Runtime.CompilerServices;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Projection;

/// <summary>
/// The attributes a resource's JSON key may name in one schema (<see cref="ResourceLayout.AttributesOf"/>),
/// looked up case-insensitively by name. Built once per schema definition rather than searched
/// for every key of every resource returned; the first attribute of a name wins, as in a search.
/// </summary>
internal static class AttributeIndex
{
    private static readonly ConditionalWeakTable<SchemaDefinition, Dictionary<string, AttributeDefinition>> AsCore = [];
    private static readonly ConditionalWeakTable<SchemaDefinition, Dictionary<string, AttributeDefinition>> AsExtension = [];

    public static AttributeDefinition? Find(SchemaDefinition definition, ResourceSchema schema, string name)
    {
        var table = schema.IsExtension(definition) ? AsExtension : AsCore;
        // Looked up before GetValue: its factory captures the schema, a closure for every call.
        if (!table.TryGetValue(definition, out var index))
        {
            index = table.GetValue(definition, d => Build(ResourceLayout.AttributesOf(d, schema)));
        }

        return index.GetValueOrDefault(name);
    }

    private static Dictionary<string, AttributeDefinition> Build(IEnumerable<AttributeDefinition> attributes)
    {
        var index = new Dictionary<string, AttributeDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var attribute in attributes)
        {
            index.TryAdd(attribute.Name, attribute);
        }

        return index;
    }
}
