namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// The real host (silo, store, HTTP pipeline) on a fresh data directory, with tenant
/// <see cref="Tenant"/> bootstrapped with token <see cref="Token"/>. One per test collection.
/// </summary>
public sealed class ScimApplicationFactory() : ScimHostFactory("scim-tests-")
{
    public const string Tenant = "acme";
    public const string Token = "acme-bootstrap-token-for-tests";

    public string BaseUrl => $"/scim/{Tenant}/v2";

    protected override IEnumerable<(string Key, string Value)> Settings() => AcmeBootstrap;

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient CreateScimClient(string? token = Token) => CreateBearerClient(token);
}
