using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>
/// The SQL of the <c>activity</c> table, the same for both engines: the append and purge
/// statements, the page query (only the filters given appear in it, so each combination is its
/// own statement, planned with the indexes that fit) and how a row and a page are read back.
/// </summary>
internal static class ActivitySql
{
    public const int MaxPageSize = 500;

    public const string InsertSql = """
        INSERT INTO activity (tenant, time, token_id, token_name, operation, resource_type, resource_id,
                              status, scim_type, detail, changes)
        VALUES (@tenant, @time, @tokenId, @tokenName, @operation, @resourceType, @resourceId,
                @status, @scimType, @detail, @changes)
        """;

    public const string PurgeSql = "DELETE FROM activity WHERE tenant = @tenant AND time < @before";

    /// <summary>
    /// One page's statement, newest first, and its parameter values. One row more than
    /// <paramref name="count"/> is read, so whether another page follows is known without a second query.
    /// </summary>
    /// <param name="changes">The <c>changes</c> column as text (PostgreSQL casts its json).</param>
    /// <param name="limit">The engine's value for <c>@limit</c>, given the number of rows to read.</param>
    public static (string Sql, List<(string Name, object Value)> Values) Query(
        string tenant, ActivityQuery query, int count, string changes, Func<int, object> limit)
    {
        var sql = new StringBuilder(
            $"SELECT seq, tenant, time, token_id, token_name, operation, resource_type, resource_id, status, scim_type, detail, {changes} " +
            "FROM activity WHERE tenant = @tenant");
        var values = new List<(string Name, object Value)> { ("@tenant", tenant), ("@limit", limit(count + 1)) };
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

        sql.Append(" ORDER BY seq DESC ").Append(KeysetSql.Limit);
        return (sql.ToString(), values);
    }

    /// <summary>The page size a query asks for, within 1 and <see cref="MaxPageSize"/>.</summary>
    public static int PageSize(ActivityQuery query) => Math.Clamp(query.Count, 1, MaxPageSize);

    /// <summary>The entry of the row <paramref name="reader"/> is on, in <see cref="Query"/>'s columns.</summary>
    public static ActivityEntry Read(DbDataReader reader) =>
        new(
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
        };

    /// <summary>The page of <paramref name="entries"/> (up to one more than <paramref name="count"/>, newest first).</summary>
    public static ActivityPage Page(List<ActivityEntry> entries, int count)
    {
        if (entries.Count <= count)
        {
            return new ActivityPage(entries, null);
        }

        entries.RemoveAt(count);
        return new ActivityPage(entries, entries[^1].Sequence);
    }
}
