namespace ScimOrleans.Scim.Schema;

/// <summary>The attributes every resource has (RFC 7643 §3.1): id, externalId and meta.</summary>
public static class CommonAttributes
{
    public static readonly AttributeDefinition Id = new("id", AttributeType.String)
    {
        CaseExact = true,
        Mutability = Mutability.ReadOnly,
        Returned = Returned.Always,
        Uniqueness = Uniqueness.Server,
        Description = "Unique identifier for the resource, assigned by the service provider.",
    };

    public static readonly AttributeDefinition ExternalId = new("externalId", AttributeType.String)
    {
        CaseExact = true,
        Description = "Identifier of the resource as defined by the provisioning client.",
    };

    public static readonly AttributeDefinition Meta = new("meta", AttributeType.Complex)
    {
        Mutability = Mutability.ReadOnly,
        Description = "Resource metadata.",
        SubAttributes =
        [
            new("resourceType", AttributeType.String) { CaseExact = true, Mutability = Mutability.ReadOnly },
            new("created", AttributeType.DateTime) { Mutability = Mutability.ReadOnly },
            new("lastModified", AttributeType.DateTime) { Mutability = Mutability.ReadOnly },
            new("location", AttributeType.Reference) { CaseExact = true, Mutability = Mutability.ReadOnly, ReferenceTypes = ["uri"] },
            new("version", AttributeType.String) { CaseExact = true, Mutability = Mutability.ReadOnly },
        ],
    };

    public static readonly IReadOnlyList<AttributeDefinition> All = [Id, ExternalId, Meta];

    public static AttributeDefinition? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
