using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Grains.Tests.OrleansStorage;

/// <summary>
/// A one-silo in-process cluster whose grain storage is Orleans' ADO.NET provider on a temp SQLite
/// file, registered the way the real silo should register it.
/// </summary>
public sealed class OrleansStorageCluster : IAsyncLifetime
{
    public const string ProviderName = "orleans-test";
    public const string DeletingProviderName = "orleans-test-delete";

    private readonly TempDatabase _database = new();
    private InProcessTestCluster? _cluster;

    public string DatabasePath => _database.Path;

    // The service id is part of every row's identity; fixed so a restarted cluster finds its rows.
    public string ServiceId { get; } = "storage-tests-" + Guid.NewGuid().ToString("N");

    public SqliteDbDataSource DataSource { get; private set; } = null!;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not running.");

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        await SqliteOrleansDatabase.ApplySchemaAsync(DatabasePath);
        DataSource = SqliteOrleansDatabase.CreateDataSource(DatabasePath);
        await StartAsync();
    }

    /// <summary>Stops the silo and starts a fresh one on the same database and service id.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        DataSource?.Dispose();
        _database.Dispose();
    }

    private async Task StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        var databasePath = DatabasePath;
        builder.ConfigureSilo((_, silo) =>
        {
            // The registration the real silo uses: the silo owns (and disposes) its data source; the
            // test's own DataSource is a second one on the same file, as another process would be.
            silo.Services.AddSingleton(_ => SqliteOrleansDatabase.CreateDataSource(databasePath));
            silo.AddAdoNetGrainStorage(ProviderName, options => options.Configure<SqliteDbDataSource>((o, dataSource) =>
            {
                o.Invariant = SqliteOrleansDatabase.Invariant;
                o.DataSource = dataSource;
            }));
            silo.AddAdoNetGrainStorage(DeletingProviderName, options => options.Configure<SqliteDbDataSource>((o, dataSource) =>
            {
                o.Invariant = SqliteOrleansDatabase.Invariant;
                o.DataSource = dataSource;
                o.DeleteStateOnClear = true;
            }));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    private async Task StopAsync()
    {
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
