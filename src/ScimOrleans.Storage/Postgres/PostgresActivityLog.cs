using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// The SQL of the <c>activity</c> table: appends and purges run on a writer connection (inside a
/// batch's savepoint), pages are read on any connection.
/// </summary>
internal static class PostgresActivityLog
{
    public const int MaxPageSize = 500;

    private const string InsertSql = """
        INSERT INTO activity (tenant, time, token_id, token_name, operation, resource_type, resource_id,
                              status, scim_type, detail, changes)
        VALUES (@tenant, @time, @tokenId, @tokenName, @operation, @resourceType, @resourceId,
                @status, @scimType, @detail, @changes)
        """;

    private const string PurgeSql = "DELETE FROM activity WHERE tenant = @tenant AND time < @before";

    private const string Columns =
        "seq, tenant, time, token_id, token_name, operation, resource_type, resource_id, status, scim_type, detail, changes::text";

    public static async Task AppendAsync(NpgsqlConnection connection, ActivityEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.Tenant);
        await using var command = connection.Command(InsertSql)
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
        await using var command = connection.Command(PurgeSql).With("@tenant", tenant).With("@before", StoreTimestamps.ToText(before));
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// One page, newest first. One row more than asked for is read, so whether another page
    /// follows is known without a second query.
    /// </summary>
    public static async Task<ActivityPage> QueryAsync(NpgsqlConnection connection, string tenant, ActivityQuery query, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(query.Count, 1, MaxPageSize);
        var sql = new StringBuilder($"SELECT {Columns} FROM activity WHERE tenant = @tenant");
        var values = new List<(string Name, object Value)> { ("@tenant", tenant), ("@limit", count + 1) };
        void Where(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                values.Add((name, value));
            }
        }

        Where("seq < @before", "@before", query.Before);
        Where("time >= @from", "@from", query.From is { } from ? StoreTimestamps.ToText(from) : null);
        Where("time < @to", "@to", query.To is { } to ? StoreTimestamps.ToText(to) : null);
        Where("resource_id = @resourceId", "@resourceId", query.ResourceId);
        Where("token_name = @tokenName", "@tokenName", query.TokenName);
        Where("operation = @operation", "@operation", query.Operation);
        if (query.Succeeded is { } succeeded)
        {
            sql.Append(succeeded ? " AND status BETWEEN 200 AND 299" : " AND status NOT BETWEEN 200 AND 299");
        }

        sql.Append(" ORDER BY seq DESC LIMIT @limit");
        await using var command = connection.Command(sql.ToString());
        foreach (var (name, value) in values)
        {
            command.With(name, value);
        }

        var entries = new List<ActivityEntry>(count + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new ActivityEntry(
                    reader.GetString(1),
                    StoreTimestamps.Parse(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetInt32(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : JsonNode.Parse(reader.GetString(11)) as JsonObject)
                {
                    Sequence = reader.GetInt64(0),
                });
            }
        }

        if (entries.Count <= count)
        {
            return new ActivityPage(entries, null);
        }

        entries.RemoveAt(count);
        return new ActivityPage(entries, entries[^1].Sequence);
    }
}
