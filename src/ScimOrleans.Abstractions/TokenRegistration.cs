namespace ScimOrleans.Abstractions;

/// <summary>What a tenant hands its new token grain: the secret only as a hash.</summary>
[GenerateSerializer, Immutable]
public sealed record TokenRegistration(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] byte[] SecretHash,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string? Domain);
