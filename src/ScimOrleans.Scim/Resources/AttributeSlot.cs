using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Resources;

/// <summary>One attribute of one schema of a resource; compared by names so that definitions of equal shape never collide.</summary>
internal readonly record struct AttributeSlot(SchemaDefinition Schema, AttributeDefinition Attribute)
{
    public bool Equals(AttributeSlot other) =>
        string.Equals(Schema.Id, other.Schema.Id, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Attribute.Name, other.Attribute.Name, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Schema.Id),
        StringComparer.OrdinalIgnoreCase.GetHashCode(Attribute.Name));
}
