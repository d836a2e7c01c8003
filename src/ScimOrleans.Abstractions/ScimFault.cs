namespace ScimOrleans.Abstractions;

/// <summary>
/// A SCIM error carried back from a grain as a value: the host turns it into the SCIM error
/// document. Errors are values rather than exceptions so nothing depends on exception
/// serialisation across silos.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScimFault(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ScimType,
    [property: Id(2)] string Detail);
