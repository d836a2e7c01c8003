namespace ScimOrleans.Abstractions;

/// <summary>
/// The answer to a presented secret. <see cref="Failure"/> is set when it is not accepted;
/// <see cref="ExpiresAt"/> lets a silo that caches the answer stop using it when the token expires.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TokenValidation(
    [property: Id(0)] string? Tenant,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Domain,
    [property: Id(3)] string? Failure,
    [property: Id(4)] int SettingsVersion = 0,
    [property: Id(5)] DateTimeOffset? ExpiresAt = null)
{
    public bool IsValid => Failure is null;

    public static TokenValidation Rejected(string reason) => new(null, null, null, reason);
}
