using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Admin;

/// <summary>
/// Body of <c>POST /admin/v1/tenants/{tenant}/tokens</c>: a name and either <see cref="ExpiresInDays"/>
/// or <see cref="ExpiresAt"/> (an ISO 8601 date or date-time; a date means its end, UTC).
/// </summary>
public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays, string? ExpiresAt, string? Domain);

/// <summary>What may be shown of a token after its creation: never the secret.</summary>
public sealed record TokenDocument(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    long UseCount,
    TokenStatus Status,
    string? Domain,
    DateTimeOffset? RevokedAt)
{
    public static TokenDocument From(TokenInfo info) =>
        new(info.Id, info.Name, info.CreatedAt, info.ExpiresAt, info.LastUsedAt, info.UseCount, info.Status, info.Domain, info.RevokedAt);
}

/// <summary>A token just issued: the only response that carries its value.</summary>
public sealed record IssuedTokenDocument(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? Domain,
    TokenStatus Status,
    string Token)
{
    public static IssuedTokenDocument From(IssuedToken issued) =>
        new(issued.Info.Id, issued.Info.Name, issued.Info.CreatedAt, issued.Info.ExpiresAt, issued.Info.Domain, issued.Info.Status, issued.Value);
}
