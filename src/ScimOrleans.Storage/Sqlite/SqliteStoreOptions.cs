namespace ScimOrleans.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteResourceStore"/>.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file; created (with its directory) when missing.</summary>
    public string DatabasePath { get; set; } = "scim.db";

    /// <summary>
    /// FULL (the default) fsyncs the WAL at every commit, so an acknowledged write survives a
    /// power loss; NORMAL survives a process crash only. Group commit makes FULL affordable.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>How long a connection waits for a lock held by another process before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most writes committed together in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Idle read connections kept open; more are opened under load and closed after.</summary>
    public int MaxIdleReadConnections { get; set; } = Math.Max(4, Environment.ProcessorCount * 2);
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels.</summary>
public enum SqliteSynchronousMode
{
    Off,
    Normal,
    Full,
    Extra,
}
