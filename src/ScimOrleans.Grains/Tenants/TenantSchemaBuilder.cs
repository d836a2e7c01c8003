using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Grains.Tenants;

/// <summary>Builds a tenant's User resource type: the standard one plus its custom extension, if any.</summary>
public static class TenantSchemaBuilder
{
    public static readonly IReadOnlyList<string> AttributeTypes = ["string", "boolean", "integer", "decimal", "dateTime"];

    public static ResourceSchema UserSchema(TenantSettings settings)
    {
        if (settings.CustomSchemaUrn is not { } urn || settings.CustomAttributes.Length == 0)
        {
            return ScimSchemas.UserResource;
        }

        var extension = Extension(urn, settings.CustomAttributes);
        var standard = ScimSchemas.UserResource;
        return new ResourceSchema(standard.Name, standard.Endpoint, standard.Description, standard.Core,
            [.. standard.Extensions, new SchemaExtensionReference(extension, Required: false)]);
    }

    public static SchemaDefinition Extension(string urn, IEnumerable<CustomAttribute> attributes) =>
        new(urn, "TenantUser", "Attributes this tenant defines for its users.", [.. attributes.Select(Definition)]);

    private static AttributeDefinition Definition(CustomAttribute attribute) => new(attribute.Name, TypeOf(attribute.Type))
    {
        MultiValued = attribute.MultiValued,
        Required = attribute.Required,
        CanonicalValues = attribute.CanonicalValues,
        Description = attribute.Description ?? "",
    };

    public static AttributeType TypeOf(string type) => type switch
    {
        "string" => AttributeType.String,
        "boolean" => AttributeType.Boolean,
        "integer" => AttributeType.Integer,
        "decimal" => AttributeType.Decimal,
        "dateTime" => AttributeType.DateTime,
        _ => throw new ArgumentException($"Unknown attribute type '{type}'.", nameof(type)),
    };
}
