namespace ScimOrleans.Abstractions;

/// <summary>A resource as stored after a write: its SCIM JSON (composed, no location) and version.</summary>
[GenerateSerializer, Immutable]
public sealed record ResourceSnapshot(
    [property: Id(0)] string Json,
    [property: Id(1)] long Version);
