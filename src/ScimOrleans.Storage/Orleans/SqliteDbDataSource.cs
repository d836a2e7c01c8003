using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Orleans;

/// <summary>
/// A <see cref="DbDataSource"/> over one SQLite file for Orleans' ADO.NET providers (invariant
/// <see cref="SqliteOrleansDatabase.Invariant"/>). It exists because a SQLite connection string
/// cannot set <c>busy_timeout</c> or <c>synchronous</c>: every connection it hands out runs those
/// pragmas when it opens, and the first one also makes sure the file is in WAL mode.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite blocks threads even in its async calls, and writers that wait on
/// <c>busy_timeout</c> starve each other. With <paramref name="serializeConnections"/> on, the
/// connections of this data source are opened one at a time behind a FIFO async gate (held from open
/// to close), so callers in this process queue without blocking threads. Orleans uses one connection
/// per call and never nests them, so the gate cannot deadlock it; do not hold one of these
/// connections while opening another from the same data source. Other processes are kept apart by
/// <c>busy_timeout</c> only.
/// </remarks>
public sealed class SqliteDbDataSource(string databasePath, TimeSpan busyTimeout, bool serializeConnections) : DbDataSource
{
    private readonly string _connectionString = SqliteOrleansDatabase.CreateConnectionString(databasePath);
    private readonly string _pragmas =
        $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;";
    private int _walEnsured;

    /// <summary>The FIFO gate, or null when connections are not serialized.</summary>
    /// <remarks>Never disposed: a connection still open at dispose time must be able to release it.</remarks>
    internal SemaphoreSlim? Gate { get; } = serializeConnections ? new SemaphoreSlim(1, 1) : null;

    /// <inheritdoc />
    public override string ConnectionString => _connectionString;

    /// <summary>A new, closed connection; opening it applies the pragmas (and takes the gate).</summary>
    public new SqliteConnection CreateConnection() => new SqliteDataSourceConnection(_connectionString, this);

    /// <inheritdoc />
    protected override DbConnection CreateDbConnection() => CreateConnection();

    /// <summary>Runs the per-connection pragmas on a freshly opened connection.</summary>
    internal void Prepare(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // Journal mode is stored in the file, so it is set once per data source; busy_timeout and
        // synchronous belong to the connection handle and must be set on every open (cheap: no I/O).
        command.CommandText = Interlocked.Exchange(ref _walEnsured, 1) == 0
            ? _pragmas + " PRAGMA journal_mode = WAL;"
            : _pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Pooled handles keep the file open (and a temp directory undeletable) after the last use.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }
}
