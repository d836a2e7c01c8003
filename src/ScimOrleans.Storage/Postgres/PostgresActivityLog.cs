using Npgsql;
using NpgsqlTypes;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// The <c>activity</c> table (<see cref="ActivitySql"/>) on PostgreSQL: appends and purges run on
/// a writer connection (inside a batch's savepoint), pages are read on any connection.
/// </summary>
internal static class PostgresActivityLog
{
    public static async Task AppendAsync(NpgsqlConnection connection, ActivityEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.Tenant);
        await using var command = connection.Command(ActivitySql.InsertSql)
            .With("@tenant", entry.Tenant)
            .With("@time", StoreTimestamps.ToText(entry.Time))
            .WithText("@tokenId", entry.TokenId)
            .WithText("@tokenName", entry.TokenName)
            .With("@operation", entry.Operation)
            .With("@resourceType", entry.ResourceType)
            .WithText("@resourceId", entry.ResourceId)
            .With("@status", entry.Status)
            .WithText("@scimType", entry.ScimType)
            .WithText("@detail", entry.Detail);
        command.Parameters.Add(new NpgsqlParameter("@changes", NpgsqlDbType.Json) { Value = (object?)entry.Changes?.ToJsonString() ?? DBNull.Value });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public static async Task<int> PurgeAsync(NpgsqlConnection connection, string tenant, DateTimeOffset before)
    {
        await using var command = connection.Command(ActivitySql.PurgeSql).With("@tenant", tenant).With("@before", StoreTimestamps.ToText(before));
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>One page, newest first (<see cref="ActivitySql.Query"/>).</summary>
    public static async Task<ActivityPage> QueryAsync(NpgsqlConnection connection, string tenant, ActivityQuery query, CancellationToken cancellationToken)
    {
        var count = ActivitySql.PageSize(query);
        var (sql, values) = ActivitySql.Query(tenant, query, count, "changes::text", limit => limit);
        await using var command = connection.Command(sql);
        foreach (var (name, value) in values)
        {
            command.With(name, value);
        }

        var entries = new List<ActivityEntry>(count + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(ActivitySql.Read(reader));
            }
        }

        return ActivitySql.Page(entries, count);
    }
}
