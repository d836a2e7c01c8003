namespace ScimOrleans.Abstractions;

/// <summary>Requests a silo accepted on a cached validation of one token, and when the last was.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenUse(
    [property: Id(0)] long Count,
    [property: Id(1)] DateTimeOffset? LastUsedAt)
{
    public static TokenUse None { get; } = new(0, null);
}
