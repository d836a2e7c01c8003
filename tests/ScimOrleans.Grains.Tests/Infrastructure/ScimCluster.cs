using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Storage;
using ScimOrleans.Storage.Orleans;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Grains.Tests.Infrastructure;

/// <summary>
/// A one-silo in-process cluster wired like the real silo: resource grains on the SQLite resource
/// store, tenants and tokens on Orleans' ADO.NET storage over SQLite, and a fake clock.
/// </summary>
public sealed class ScimCluster : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "scim-grains-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;
    private SqliteDbDataSource? _settings;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public SqliteResourceStore Store { get; private set; } = null!;

    public IClusterClient Client => (_cluster ?? throw new InvalidOperationException("not started")).Client;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var settingsPath = Path.Combine(_directory, "orleans.db");
        await SqliteOrleansDatabase.ApplySchemaAsync(settingsPath);
        _settings = SqliteOrleansDatabase.CreateDataSource(settingsPath);
        Store = new SqliteResourceStore(
            new SqliteStoreOptions { DatabasePath = Path.Combine(_directory, "scim.db"), Synchronous = SqliteSynchronousMode.Normal },
            Time);
        await Store.InitializeAsync();

        var builder = new InProcessTestClusterBuilder(1);
        var settings = _settings;
        var store = Store;
        var time = Time;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IResourceStore>(store);
            silo.Services.AddSingleton<TimeProvider>(time);
            silo.Services.AddSingleton<TenantSettingsCache>();
            silo.AddAdoNetGrainStorage(StorageNames.Settings, options =>
            {
                options.Invariant = SqliteOrleansDatabase.Invariant;
                options.DataSource = settings;
            });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is { } cluster)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        await Store.DisposeAsync();
        _settings?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ScimClusterCollection : ICollectionFixture<ScimCluster>
{
    public const string Name = "scim-cluster";
}
