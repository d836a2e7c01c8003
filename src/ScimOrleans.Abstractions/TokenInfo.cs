namespace ScimOrleans.Abstractions;

/// <summary>What may be shown of a token after its creation: never the secret.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] DateTimeOffset? RevokedAt,
    [property: Id(6)] string? Domain,
    [property: Id(7)] TokenStatus Status,
    [property: Id(8)] DateTimeOffset? LastUsedAt = null,
    [property: Id(9)] long UseCount = 0);
