using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Resources;

/// <summary>The coerced, assigned values of a resource being prepared, by attribute.</summary>
internal sealed class AttributeValues
{
    private readonly Dictionary<AttributeSlot, JsonNode> _values = [];

    public JsonNode? Get(AttributeSlot slot) => _values.GetValueOrDefault(slot);

    /// <summary>Null unassigns.</summary>
    public void Set(AttributeSlot slot, JsonNode? value)
    {
        if (value is null)
        {
            _values.Remove(slot);
        }
        else
        {
            _values[slot] = value;
        }
    }

    public bool Has(SchemaDefinition schema) =>
        _values.Keys.Any(k => string.Equals(k.Schema.Id, schema.Id, StringComparison.OrdinalIgnoreCase));
}
