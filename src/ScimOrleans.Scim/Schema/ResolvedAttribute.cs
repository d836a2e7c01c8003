namespace ScimOrleans.Scim.Schema;

/// <summary>
/// An attribute path bound to its definitions. <see cref="SubAttribute"/> is set for
/// "name.givenName"-style paths. Extension attributes live in the resource JSON under the
/// schema URN key; core and common ones at the top level.
/// </summary>
public sealed record ResolvedAttribute(SchemaDefinition Schema, bool IsExtension, AttributeDefinition Attribute, AttributeDefinition? SubAttribute)
{
    /// <summary>The definition of the leaf: the sub-attribute when present, else the attribute.</summary>
    public AttributeDefinition Leaf => SubAttribute ?? Attribute;

    /// <summary>Canonical dotted name relative to its schema, e.g. "emails.value".</summary>
    public string DottedName => SubAttribute is null ? Attribute.Name : $"{Attribute.Name}.{SubAttribute.Name}";

    /// <summary>Fully qualified canonical name, e.g. "urn:...:User:emails.value".</summary>
    public string FullName => $"{Schema.Id}:{DottedName}";
}
