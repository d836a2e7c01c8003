using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// The real host (silo, store, HTTP pipeline) on a fresh data directory, with tenant
/// <see cref="Tenant"/> bootstrapped with token <see cref="Token"/>. One per test collection.
/// </summary>
public sealed class ScimApplicationFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Tenant = "acme";
    public const string Token = "acme-bootstrap-token-for-tests";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scim-tests-" + Guid.NewGuid().ToString("N"));

    public string BaseUrl => $"/scim/{Tenant}/v2";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Storage:Synchronous", "NORMAL");
        builder.UseSetting("Orleans:SiloPort", TestPorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", TestPorts.Next().ToString());
        builder.UseSetting("Bootstrap:Tenant", Tenant);
        builder.UseSetting("Bootstrap:Token", Token);
    }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient CreateScimClient(string? token = Token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates another tenant with its own token, for isolation tests.</summary>
    public async Task<string> CreateTenantAsync(string tenant)
    {
        await Grains.GetGrain<ITenantGrain>(tenant).Create();
        var issued = await Grains.GetGrain<ITenantGrain>(tenant).IssueToken("test", DateTimeOffset.UtcNow.AddDays(30), null);
        return issued.Value;
    }

    public Task InitializeAsync()
    {
        _ = Server; // start the host now, not inside the first test
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still hold a file for a moment; the temp dir is disposable.
        }

        return Task.CompletedTask;
    }
}
