using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// A private host like <see cref="ScimApplicationFactory"/> (tenant <c>acme</c>, same token) with
/// extra settings, for the few tests that need a limit other than the default. Its own data
/// directory and ports, so it runs beside the shared host.
/// </summary>
public sealed class ConfiguredScimHost(params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scim-tests-" + Guid.NewGuid().ToString("N"));

    public string BaseUrl => $"/scim/{ScimApplicationFactory.Tenant}/v2";

    public HttpClient CreateScimClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScimApplicationFactory.Token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Storage:Synchronous", "NORMAL");
        builder.UseSetting("Orleans:SiloPort", TestPorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", TestPorts.Next().ToString());
        builder.UseSetting("Bootstrap:Tenant", ScimApplicationFactory.Tenant);
        builder.UseSetting("Bootstrap:Token", ScimApplicationFactory.Token);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still hold a file for a moment; the temp dir is disposable.
        }
    }
}
