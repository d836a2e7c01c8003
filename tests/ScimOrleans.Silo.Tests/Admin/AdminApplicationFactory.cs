using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ScimOrleans.Silo.Admin;
using ScimOrleans.Silo.Tests.Infrastructure;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>
/// The real host with an operator key, for the admin API tests: its own data directory and ports.
/// Every test creates its own tenants through the admin API, so tests never see each other's data.
/// </summary>
public sealed class AdminApplicationFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ApiKey = "operator-key-for-admin-tests-0123456789";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scim-admin-tests-" + Guid.NewGuid().ToString("N"));

    public IResourceStore Store => Services.GetRequiredService<IResourceStore>();

    public ActivityRetentionService Retention => Services.GetRequiredService<ActivityRetentionService>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Storage:Synchronous", "NORMAL");
        builder.UseSetting("Orleans:SiloPort", TestPorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", TestPorts.Next().ToString());
        builder.UseSetting("Admin:ApiKey", ApiKey);
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

/// <summary>One admin host shared by the admin API tests.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<AdminApplicationFactory>
{
    public const string Name = "admin";
}
