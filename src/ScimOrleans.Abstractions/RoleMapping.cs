namespace ScimOrleans.Abstractions;

/// <summary>An IdP group, named by its displayName or externalId, that grants a role of the tenant.</summary>
[GenerateSerializer, Immutable]
public sealed record RoleMapping(
    [property: Id(0)] string Group,
    [property: Id(1)] string Role);
