using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Orleans;

/// <summary>
/// The SQLite database behind Orleans' ADO.NET grain storage: its schema (the embedded
/// <c>Sql/Sqlite/orleans-*.sql</c> scripts) and the connection settings the providers need.
/// This assembly stays free of Orleans; the silo passes <see cref="Invariant"/> and
/// <see cref="CreateDataSource"/>'s result to <c>AdoNetGrainStorageOptions</c>.
/// </summary>
public static class SqliteOrleansDatabase
{
    /// <summary>
    /// The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite's <c>SqliteFactory</c>.
    /// ("Microsoft.Data.Sqlite" is only the assembly name and fails at silo start.)
    /// </summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>How long a connection waits for another process's write lock by default.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(10);

    // Embedded resource names: the default namespace plus the folder path with dots.
    private const string ScriptFolder = "ScimOrleans.Storage.Sql.Sqlite.";
    private const string ScriptPrefix = ScriptFolder + "orleans-";

    /// <summary>
    /// A plain connection string for the file. Prefer <see cref="CreateDataSource"/>: a bare
    /// connection string gets neither <c>busy_timeout</c> nor <c>synchronous = FULL</c>.
    /// </summary>
    public static string CreateConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    /// <summary>
    /// The data source to give Orleans. Dispose it after the silo has stopped.
    /// </summary>
    /// <param name="serializeConnections">
    /// Queue this process's connections behind one FIFO async gate (see <see cref="SqliteDbDataSource"/>).
    /// </param>
    public static SqliteDbDataSource CreateDataSource(
        string databasePath, TimeSpan? busyTimeout = null, bool serializeConnections = true) =>
        new(databasePath, busyTimeout ?? DefaultBusyTimeout, serializeConnections);

    /// <summary>
    /// Creates or upgrades the Orleans tables and query texts; safe (and meant) to run at every
    /// start, from several processes at once. Scripts run in name order inside one IMMEDIATE
    /// transaction; a script is skipped when <c>OrleansSchemaHistory</c> already holds its exact
    /// text (by SHA-256), so a changed script runs again (the scripts themselves are idempotent).
    /// </summary>
    public static async Task ApplySchemaAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var dataSource = CreateDataSource(databasePath, serializeConnections: false);
        await using var connection = dataSource.CreateConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        // IMMEDIATE: take the write lock up front so two starting processes cannot both read
        // "not applied" and then collide.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction,
            """
            CREATE TABLE IF NOT EXISTS OrleansSchemaHistory
            (
                Script TEXT NOT NULL PRIMARY KEY,
                Sha256 TEXT NOT NULL,
                AppliedOn TEXT NOT NULL
            ) STRICT;
            """, cancellationToken).ConfigureAwait(false);

        foreach (var (name, text) in ReadScripts())
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT Sha256 FROM OrleansSchemaHistory WHERE Script = @Script;";
                check.Parameters.AddWithValue("@Script", name);
                if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string applied && applied == hash)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, text, cancellationToken).ConfigureAwait(false);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText =
                """
                INSERT OR REPLACE INTO OrleansSchemaHistory (Script, Sha256, AppliedOn)
                VALUES (@Script, @Sha256, strftime('%Y-%m-%d %H:%M:%f', 'now'));
                """;
            record.Parameters.AddWithValue("@Script", name);
            record.Parameters.AddWithValue("@Sha256", hash);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The embedded <c>orleans-*.sql</c> scripts, by file name, in ordinal order.</summary>
    private static IEnumerable<(string Name, string Text)> ReadScripts()
    {
        var assembly = typeof(SqliteOrleansDatabase).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(ScriptPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            yield return (resource[ScriptFolder.Length..], ReadResource(assembly, resource));
        }
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
