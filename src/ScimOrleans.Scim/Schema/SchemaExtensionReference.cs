namespace ScimOrleans.Scim.Schema;

/// <summary>An entry of a resource type's <c>schemaExtensions</c> (RFC 7643 §6).</summary>
public sealed record SchemaExtensionReference(SchemaDefinition Schema, bool Required);
