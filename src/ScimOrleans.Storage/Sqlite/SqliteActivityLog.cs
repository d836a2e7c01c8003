namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The <c>activity</c> table (<see cref="ActivitySql"/>) on SQLite: appends and purges run on the
/// writer connection (inside a batch's savepoint), pages are read on a reader connection.
/// </summary>
internal static class SqliteActivityLog
{
    public static void Append(SqliteStatement insert, ActivityRow row)
    {
        var entry = row.Entry;
        insert
            .Bind("@tenant", entry.Tenant)
            .Bind("@time", row.Time)
            .Bind("@tokenId", entry.TokenId)
            .Bind("@tokenName", entry.TokenName)
            .Bind("@operation", entry.Operation)
            .Bind("@resourceType", entry.ResourceType)
            .Bind("@resourceId", entry.ResourceId)
            .Bind("@status", entry.Status)
            .Bind("@scimType", entry.ScimType)
            .Bind("@detail", entry.Detail)
            .Bind("@changes", row.Changes)
            .Execute();
    }

    public static int Purge(SqliteCommandCache commands, string tenant, DateTimeOffset before) =>
        commands.Get(ActivitySql.PurgeSql).With("@tenant", tenant).With("@before", StoreTimestamps.ToText(before)).ExecuteNonQuery();

    /// <summary>One page, newest first (<see cref="ActivitySql.Query"/>); each filter combination is its own cached statement.</summary>
    public static ActivityPage Query(SqliteCommandCache commands, string tenant, ActivityQuery query)
    {
        var count = ActivitySql.PageSize(query);
        var (sql, values) = ActivitySql.Query(tenant, query, count, "changes", limit => (long)limit);
        var command = commands.Get(sql);
        foreach (var (name, value) in values)
        {
            command.With(name, value);
        }

        var entries = new List<ActivityEntry>(count + 1);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                entries.Add(ActivitySql.Read(reader));
            }
        }

        return ActivitySql.Page(entries, count);
    }
}
