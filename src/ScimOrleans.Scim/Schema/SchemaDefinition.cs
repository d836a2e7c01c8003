namespace ScimOrleans.Scim.Schema;

/// <summary>A SCIM schema (RFC 7643 §7): the core schema of a resource type or an extension.</summary>
public sealed record SchemaDefinition(string Id, string Name, string Description, IReadOnlyList<AttributeDefinition> Attributes)
{
    public AttributeDefinition? FindAttribute(string name) => AttributeSearch.ByName(Attributes, name);
}
