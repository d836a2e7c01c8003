namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// A private host like <see cref="ScimApplicationFactory"/> (tenant <c>acme</c>, same token) with
/// extra settings, for the few tests that need a limit other than the default. Its own data
/// directory and ports, so it runs beside the shared host.
/// </summary>
public sealed class ConfiguredScimHost(params (string Key, string Value)[] settings) : ScimHostFactory("scim-tests-")
{
    public string BaseUrl => $"/scim/{ScimApplicationFactory.Tenant}/v2";

    public HttpClient CreateScimClient() => CreateBearerClient(ScimApplicationFactory.Token);

    protected override IEnumerable<(string Key, string Value)> Settings() => [.. AcmeBootstrap, .. settings];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        DeleteDataDirectory();
    }
}
