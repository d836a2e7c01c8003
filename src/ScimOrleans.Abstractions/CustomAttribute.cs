namespace ScimOrleans.Abstractions;

/// <summary>
/// One attribute of a tenant's own user extension (Skillcast's "user attributes"), addressed as
/// <c>{schema URN}:{Name}</c>, e.g. <c>urn:scim:skillcast:User:Division</c>.
/// <see cref="Type"/> is one of string, boolean, integer, decimal, dateTime.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CustomAttribute(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type,
    [property: Id(2)] bool MultiValued,
    [property: Id(3)] bool Required,
    [property: Id(4)] string[] CanonicalValues,
    [property: Id(5)] string? Description);
