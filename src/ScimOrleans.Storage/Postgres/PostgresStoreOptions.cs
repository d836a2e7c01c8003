using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>Settings of <see cref="PostgresResourceStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// The database, as an Npgsql connection string (e.g. <c>Host=db;Database=scim;Username=scim;Password=...</c>).
    /// Ignored when <see cref="DataSource"/> is set. <c>Search Path</c> selects the schema the
    /// store's tables live in.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>A data source owned by the caller (not disposed by the store); wins over <see cref="ConnectionString"/>.</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>The clock of meta.created/lastModified; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Writer loops draining the one write queue, each committing what it took in one transaction
    /// (a SAVEPOINT per write). PostgreSQL allows concurrent writers, so a few loops keep the disk
    /// busy while another batch is being built; each holds one connection while it writes.
    /// </summary>
    public int WriterCount { get; set; } = 3;

    /// <summary>The most writes committed together in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How often a write chosen as a deadlock victim is queued again before it fails.</summary>
    public int MaxDeadlockRetries { get; set; } = 5;
}
