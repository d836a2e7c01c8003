using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScimOrleans.Abstractions;
using ScimOrleans.Testing;

namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// The real host (silo, store, HTTP pipeline) in the Testing environment on a fresh data
/// directory and its own silo and gateway ports, so it runs beside other hosts; subclasses add
/// their settings (bootstrap tenant, operator key, limits) through <see cref="Settings"/>.
/// </summary>
/// <param name="directoryPrefix">Names the data directory under the temp directory.</param>
public abstract class ScimHostFactory(string directoryPrefix) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), directoryPrefix + Guid.NewGuid().ToString("N"));

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The bootstrap settings for <see cref="ScimApplicationFactory.Tenant"/> and its token.</summary>
    protected static IEnumerable<(string Key, string Value)> AcmeBootstrap =>
    [
        ("Bootstrap:Tenant", ScimApplicationFactory.Tenant),
        ("Bootstrap:Token", ScimApplicationFactory.Token),
    ];

    /// <summary>The host's settings beyond the data directory and ports; applied in order, later ones win.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Storage:Synchronous", "NORMAL");
        builder.UseSetting("Orleans:SiloPort", TestPorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", TestPorts.Next().ToString());
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    protected HttpClient CreateBearerClient(string? token, WebApplicationFactoryClientOptions? options = null)
    {
        var client = options is null ? CreateClient() : CreateClient(options);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Creates another tenant with its own token; returns the token value.</summary>
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
        DeleteDataDirectory();
        return Task.CompletedTask;
    }

    protected void DeleteDataDirectory()
    {
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
