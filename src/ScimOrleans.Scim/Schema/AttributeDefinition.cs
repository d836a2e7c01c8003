namespace ScimOrleans.Scim.Schema;

/// <summary>One attribute of a SCIM schema (RFC 7643 §7), with its sub-attributes when complex.</summary>
public sealed record AttributeDefinition(string Name, AttributeType Type)
{
    public bool MultiValued { get; init; }

    public bool Required { get; init; }

    public bool CaseExact { get; init; }

    public Mutability Mutability { get; init; } = Mutability.ReadWrite;

    public Returned Returned { get; init; } = Returned.Default;

    public Uniqueness Uniqueness { get; init; } = Uniqueness.None;

    public string Description { get; init; } = "";

    public IReadOnlyList<string> CanonicalValues { get; init; } = [];

    public IReadOnlyList<string> ReferenceTypes { get; init; } = [];

    public IReadOnlyList<AttributeDefinition> SubAttributes { get; init; } = [];

    public AttributeDefinition? FindSubAttribute(string name) => AttributeSearch.ByName(SubAttributes, name);
}
