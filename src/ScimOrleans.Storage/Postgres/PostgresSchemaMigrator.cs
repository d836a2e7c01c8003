using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Sql/Postgres/resources-NNN-*.sql</c> scripts the database has not
/// seen yet, in order, each recorded in <c>resource_store_schema</c>, all in one transaction.
/// Several silos start at once: a transaction-scoped advisory lock (keyed by the schema the
/// tables go to) makes them apply the scripts one after another, so the second finds them applied.
/// </summary>
internal static partial class PostgresSchemaMigrator
{
    [GeneratedRegex(@"\.Sql\.Postgres\.resources-(\d{3})-[^.]+\.sql$")]
    private static partial Regex ScriptName();

    public static IReadOnlyList<(int Version, string Name)> Scripts()
    {
        var assembly = typeof(PostgresSchemaMigrator).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Select(name => (Name: name, Match: ScriptName().Match(name)))
                .Where(s => s.Match.Success)
                .Select(s => (Version: int.Parse(s.Match.Groups[1].Value, CultureInfo.InvariantCulture), s.Name))
                .OrderBy(s => s.Version),
        ];
    }

    public static async Task ApplyAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        var assembly = typeof(PostgresSchemaMigrator).Assembly;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = connection.Command(
                         "SELECT pg_advisory_xact_lock(hashtext('scimorleans.resource_store_schema'), hashtext(current_schema()))"))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS resource_store_schema (version integer PRIMARY KEY, script text NOT NULL, applied text NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        int applied;
        await using (var current = connection.Command("SELECT COALESCE(MAX(version), 0) FROM resource_store_schema"))
        {
            applied = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        foreach (var (version, name) in Scripts().Where(s => s.Version > applied))
        {
            string sql;
            await using (var stream = assembly.GetManifestResourceStream(name)!)
            using (var reader = new StreamReader(stream))
            {
                sql = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }

            await connection.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
            await using var record = connection.Command("INSERT INTO resource_store_schema (version, script, applied) VALUES (@version, @script, @applied)")
                .With("@version", version).With("@script", name).With("@applied", StoreTimestamps.ToText(time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
