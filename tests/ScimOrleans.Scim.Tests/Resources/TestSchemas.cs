using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Tests;

/// <summary>A tenant-defined extension with one attribute of every type, to test schemas generically.</summary>
internal static class TestSchemas
{
    public const string CustomUrn = "urn:scim:skillcast:User";

    public static readonly SchemaDefinition Custom = new(CustomUrn, "Skillcast", "Tenant attributes",
    [
        new("Division", AttributeType.String),
        new("count", AttributeType.Integer),
        new("ratio", AttributeType.Decimal),
        new("since", AttributeType.DateTime),
        new("blob", AttributeType.Binary),
        new("link", AttributeType.Reference),
        new("enabled", AttributeType.Boolean),
        new("tags", AttributeType.String) { MultiValued = true },
        new("badge", AttributeType.String) { Mutability = Mutability.Immutable },
        new("secretNote", AttributeType.String) { Returned = Returned.Request },
    ]);

    public static readonly ResourceSchema User = new("User", "/Users", "User Account", ScimSchemas.User,
        [new SchemaExtensionReference(ScimSchemas.EnterpriseUser, Required: false), new SchemaExtensionReference(Custom, Required: false)]);
}
