namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The <c>activity</c> table (<see cref="ActivitySql"/>) on SQLite: appends and purges run on the
/// writer connection (inside a batch's savepoint), pages are read on a reader connection.
/// </summary>
internal static class SqliteActivityLog
{
    public static void Append(SqliteCommandCache commands, ActivityEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.Tenant);
        commands.Get(ActivitySql.InsertSql)
            .With("@tenant", entry.Tenant)
            .With("@time", StoreTimestamps.ToText(entry.Time))
            .With("@tokenId", entry.TokenId)
            .With("@tokenName", entry.TokenName)
            .With("@operation", entry.Operation)
            .With("@resourceType", entry.ResourceType)
            .With("@resourceId", entry.ResourceId)
            .With("@status", (long)entry.Status)
            .With("@scimType", entry.ScimType)
            .With("@detail", entry.Detail)
            .With("@changes", entry.Changes?.ToJsonString())
            .ExecuteNonQuery();
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
