namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Removes a schema extension's values from every user of a tenant in one UPDATE on the writer
/// connection, for an administrator purging a custom attribute they are removing.
/// </summary>
internal static class SqliteExtensionValues
{
    // Documents hold canonical names, so the JSON paths match them exactly. An extension object
    // left empty goes too, and with it the URN in schemas: a resource lists only the extensions
    // it has (RFC 7643 §3). version, last_modified and the copy of meta inside the document move
    // on together, as in every other write, so grains holding the old copy re-read before writing.
    private const string RemoveSql = """
        UPDATE resources
        SET version = version + 1,
            last_modified = @now,
            doc = json_set(
                CASE
                    WHEN @attribute IS NOT NULL
                         AND EXISTS (SELECT 1 FROM json_each(doc, @extension) e WHERE e.key <> @attribute)
                        THEN json_remove(doc, @path)
                    WHEN json_type(doc, '$.schemas') = 'array'
                        THEN json_set(json_remove(doc, @extension), '$.schemas', json((
                            SELECT json_group_array(s.value ORDER BY s.key) FROM json_each(doc, '$.schemas') s
                            WHERE s.value <> @urn COLLATE NOCASE)))
                    ELSE json_remove(doc, @extension)
                END,
                '$.meta.version', 'W/"' || (version + 1) || '"',
                '$.meta.lastModified', @now)
        WHERE tenant = @tenant AND type = 'User' AND json_type(doc, @path) IS NOT NULL
        """;

    /// <summary>Returns how many users changed.</summary>
    public static int Remove(SqliteCommandCache commands, string tenant, string schemaUrn, string? attributeName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(schemaUrn);
        var extension = SqliteJsonPath.Of(schemaUrn);
        return commands.Get(RemoveSql)
            .With("@tenant", tenant)
            .With("@urn", schemaUrn)
            .With("@attribute", attributeName)
            .With("@extension", extension)
            .With("@path", attributeName is null ? extension : SqliteJsonPath.Of(schemaUrn, attributeName))
            .With("@now", StoreTimestamps.ToText(now))
            .ExecuteNonQuery();
    }
}
