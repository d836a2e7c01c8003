using System.ComponentModel.DataAnnotations;
using ScimOrleans.Storage.Sqlite;

namespace ScimOrleans.Silo.Hosting;

/// <summary>Which engine holds everything: the embedded SQLite store of one silo, or PostgreSQL for a cluster.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: SQLite files under <see cref="StorageOptions.DataDirectory"/>, one silo, localhost clustering.</summary>
    Sqlite,

    /// <summary>
    /// Cluster mode: the resource store and Orleans' clustering, grain storage and reminders on the
    /// PostgreSQL database named by <c>ConnectionStrings__Postgres</c>.
    /// </summary>
    Postgres,
}

/// <summary><c>Storage__*</c>: which store, and where the embedded one lives.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The connection string name (<c>ConnectionStrings__Postgres</c>) cluster mode reads.</summary>
    public const string PostgresConnectionStringName = "Postgres";

    /// <summary><c>Storage__Provider</c>: <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// <c>Storage__MigrateOnStart</c>: apply the schemas (idempotently) at every start. Switch off
    /// where schemas are applied only by the <c>migrate</c> command, e.g. with a database user that
    /// may not create tables.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Directory of the embedded SQLite databases; relative paths start at the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>SQLite's synchronous mode for the resource store: FULL survives power loss, NORMAL only a crash.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>The storage options as configured (before DI exists: the silo's providers are chosen from them).</summary>
    public static StorageOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();
}
