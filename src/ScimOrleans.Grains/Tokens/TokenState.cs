namespace ScimOrleans.Grains.Tokens;

/// <summary>What a token grain persists: the secret only as its hash.</summary>
[GenerateSerializer]
public sealed record TokenState
{
    [Id(0)] public string Tenant { get; init; } = "";

    [Id(1)] public string Name { get; init; } = "";

    [Id(2)] public byte[] SecretHash { get; init; } = [];

    [Id(3)] public DateTimeOffset CreatedAt { get; init; }

    [Id(4)] public DateTimeOffset? ExpiresAt { get; init; }

    [Id(5)] public DateTimeOffset? RevokedAt { get; init; }

    [Id(6)] public string? Domain { get; init; }

    [Id(7)] public DateTimeOffset? LastUsedAt { get; init; }

    [Id(8)] public long UseCount { get; init; }
}
