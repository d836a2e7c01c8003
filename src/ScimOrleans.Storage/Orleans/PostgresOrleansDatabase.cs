using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ScimOrleans.Storage.Orleans;

/// <summary>
/// The PostgreSQL side of Orleans' ADO.NET providers in cluster mode (clustering, grain storage
/// for tenants and tokens, reminders): the embedded <c>Sql/Postgres/orleans-*.sql</c> scripts and
/// the connection settings every silo uses. This assembly stays free of Orleans; the silo passes
/// <see cref="Invariant"/> and a connection string from <see cref="CreateConnectionString"/> to
/// the providers' options.
/// </summary>
public static class PostgresOrleansDatabase
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql's factory.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Seconds to wait for a connection (TCP connect + authentication) unless the connection string says otherwise.</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    /// <summary>Seconds a command may run unless the connection string says otherwise.</summary>
    public const int DefaultCommandTimeoutSeconds = 15;

    /// <summary>
    /// The key of the transaction-level advisory lock the schema scripts run under, so that silos
    /// starting together apply them one after another (concurrent <c>CREATE ... IF NOT EXISTS</c>
    /// can still collide in PostgreSQL's catalogs).
    /// </summary>
    public const long SchemaLockKey = 0x5C1A_0A1E_0001;

    private const string ScriptFolder = "ScimOrleans.Storage.Sql.Postgres.";
    private const string ScriptPrefix = ScriptFolder + "orleans-";

    /// <summary>
    /// The connection string with bounded timeouts: <c>Timeout</c> (connect) and
    /// <c>Command Timeout</c> get <see cref="DefaultConnectTimeoutSeconds"/> and
    /// <see cref="DefaultCommandTimeoutSeconds"/> unless the string sets them, so a database that
    /// is down or unreachable makes calls fail within seconds instead of hanging them.
    /// </summary>
    public static string CreateConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "timeout"))
        {
            builder.Timeout = DefaultConnectTimeoutSeconds;
        }

        if (!Mentions(connectionString, "command timeout", "commandtimeout"))
        {
            builder.CommandTimeout = DefaultCommandTimeoutSeconds;
        }

        if (!Mentions(connectionString, "keepalive"))
        {
            builder.KeepAlive = 10; // Notice a half-open connection to a vanished server.
        }

        return builder.ConnectionString;
    }

    /// <summary>The embedded scripts' names, in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames => [.. ReadScripts().Select(s => s.Name)];

    /// <summary>
    /// Creates or upgrades the Orleans tables and query texts; safe (and meant) to run at every
    /// start, from several silos at once. All scripts run in name order inside one transaction that
    /// first takes the advisory lock <see cref="SchemaLockKey"/>; a script is skipped when
    /// <c>OrleansSchemaHistory</c> already holds its exact text (by SHA-256), so a changed script runs
    /// again (the scripts themselves are idempotent). Returns the names of the scripts it ran.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ApplySchemaAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var applied = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            $"""
            SET LOCAL client_min_messages = warning;
            SELECT pg_advisory_xact_lock({SchemaLockKey});
            CREATE TABLE IF NOT EXISTS OrleansSchemaHistory
            (
                Script text NOT NULL PRIMARY KEY,
                Sha256 text NOT NULL,
                AppliedOn timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken).ConfigureAwait(false);

        foreach (var (name, text) in ReadScripts())
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            await using (var check = new NpgsqlCommand("SELECT Sha256 FROM OrleansSchemaHistory WHERE Script = @Script;", connection, transaction))
            {
                check.Parameters.AddWithValue("Script", name);
                if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string done && done == hash)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, text, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                """
                INSERT INTO OrleansSchemaHistory (Script, Sha256, AppliedOn) VALUES (@Script, @Sha256, now())
                ON CONFLICT (Script) DO UPDATE SET Sha256 = excluded.Sha256, AppliedOn = excluded.AppliedOn;
                """, connection, transaction);
            record.Parameters.AddWithValue("Script", name);
            record.Parameters.AddWithValue("Sha256", hash);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(name);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return applied;
    }

    private static bool Mentions(string connectionString, params string[] keys) =>
        keys.Any(key => HasExplicit(connectionString, key));

    // NpgsqlConnectionStringBuilder reports every known key, set or not: look at the text itself.
    private static bool HasExplicit(string connectionString, string key) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim())
            .Any(name => string.Equals(name, key, StringComparison.OrdinalIgnoreCase));

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 120 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<(string Name, string Text)> ReadScripts()
    {
        var assembly = typeof(PostgresOrleansDatabase).Assembly;
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
