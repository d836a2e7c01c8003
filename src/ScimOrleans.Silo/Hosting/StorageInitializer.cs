using Microsoft.Extensions.Options;
using ScimOrleans.Storage;
using ScimOrleans.Storage.Orleans;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// Creates or upgrades the schemas before the silo starts (registered before it, so it runs
/// first): the Orleans tables and the resource store's, on the embedded files or on PostgreSQL.
/// Idempotent and safe with several silos starting at once; <see cref="MigrateCommand"/> runs the
/// same step on its own.
/// </summary>
public sealed partial class StorageInitializer(IServiceProvider services, IOptions<StorageOptions> options, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await ApplyAsync(services, options.Value, logger, cancellationToken);
        }
        else
        {
            LogSkipped(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies every schema of the configured provider.</summary>
    public static async Task ApplyAsync(IServiceProvider services, StorageOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.Provider == StorageProvider.Postgres)
        {
            var database = services.GetRequiredService<PostgresDatabase>();
            var applied = await PostgresOrleansDatabase.ApplySchemaAsync(database.ConnectionString, cancellationToken);
            LogApplied(logger, applied.Count == 0 ? "none (up to date)" : string.Join(", ", applied));
        }
        else
        {
            await SqliteOrleansDatabase.ApplySchemaAsync(services.GetRequiredService<SettingsDatabase>().Path, cancellationToken);
        }

        await services.GetRequiredService<IResourceStore>().InitializeAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans schema scripts applied on PostgreSQL: {Scripts}")]
    private static partial void LogApplied(ILogger logger, string scripts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage__MigrateOnStart is off: schemas are expected to be applied by the migrate command")]
    private static partial void LogSkipped(ILogger logger);
}
