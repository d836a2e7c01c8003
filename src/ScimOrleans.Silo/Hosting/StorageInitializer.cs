using ScimOrleans.Storage;
using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Silo.Hosting;

/// <summary>Creates or upgrades both databases' schemas before the silo starts.</summary>
public sealed class StorageInitializer(IResourceStore store, SettingsDatabase settings) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SqliteOrleansDatabase.ApplySchemaAsync(settings.Path, cancellationToken);
        await store.InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
