using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Applies the embedded <c>Sql/Sqlite/resources-NNN-*.sql</c> scripts that the database has not
/// seen yet, in order, each recorded in <c>resource_store_schema</c>. A table rather than
/// <c>PRAGMA user_version</c> because the Orleans tables may share the database file.
/// Runs inside one IMMEDIATE transaction, so two processes starting together cannot both apply
/// a script.
/// </summary>
internal static partial class SqliteSchemaMigrator
{
    [GeneratedRegex(@"\.Sql\.Sqlite\.resources-(\d{3})-[^.]+\.sql$")]
    private static partial Regex ScriptName();

    public static void Apply(SqliteConnection connection, TimeProvider time)
    {
        var assembly = typeof(SqliteSchemaMigrator).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Select(name => (Name: name, Match: ScriptName().Match(name)))
            .Where(s => s.Match.Success)
            .Select(s => (Version: int.Parse(s.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), s.Name))
            .OrderBy(s => s.Version)
            .ToList();

        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection,
                "CREATE TABLE IF NOT EXISTS resource_store_schema (version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied TEXT NOT NULL) STRICT");
            using var current = connection.CreateCommand();
            current.CommandText = "SELECT COALESCE(MAX(version), 0) FROM resource_store_schema";
            var applied = Convert.ToInt32(current.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var (version, name) in scripts.Where(s => s.Version > applied))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                Execute(connection, reader.ReadToEnd());
                using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO resource_store_schema (version, script, applied) VALUES (@version, @script, @applied)";
                record.With("@version", version).With("@script", name).With("@applied", StoreTimestamps.ToText(time.GetUtcNow()));
                record.ExecuteNonQuery();
            }

            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
