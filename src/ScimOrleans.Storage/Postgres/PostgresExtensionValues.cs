using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// Removes a schema extension's values from every user of a tenant in one UPDATE, for an
/// administrator purging a custom attribute they are removing (see SqliteExtensionValues).
/// </summary>
internal static class PostgresExtensionValues
{
    // An extension object left empty goes too, and with it the URN in schemas. version,
    // last_modified and the copy of meta inside the document move on together.
    private const string RemoveAttributeSql = """
        UPDATE resources
        SET version = version + 1,
            last_modified = @now,
            doc = jsonb_set(jsonb_set(
                CASE
                    WHEN jsonb_typeof(doc -> @urn) = 'object'
                         AND EXISTS (SELECT 1 FROM jsonb_object_keys(doc -> @urn) k WHERE k <> @attribute)
                        THEN doc #- @path
                    ELSE WITHOUT_EXTENSION
                END,
                '{meta,version}', to_jsonb('W/"' || (version + 1) || '"')),
                '{meta,lastModified}', to_jsonb(@now::text))
        WHERE tenant = @tenant AND type = 'User' AND doc #> @path IS NOT NULL
        """;

    private const string RemoveExtensionSql = """
        UPDATE resources
        SET version = version + 1,
            last_modified = @now,
            doc = jsonb_set(jsonb_set(WITHOUT_EXTENSION,
                '{meta,version}', to_jsonb('W/"' || (version + 1) || '"')),
                '{meta,lastModified}', to_jsonb(@now::text))
        WHERE tenant = @tenant AND type = 'User' AND doc #> @path IS NOT NULL
        """;

    // The document without the extension's key and without its URN in schemas (compared
    // case-insensitively, as URNs are).
    private const string WithoutExtension = """
        (CASE
            WHEN jsonb_typeof(doc -> 'schemas') = 'array'
                THEN jsonb_set(doc - @urn, '{schemas}', COALESCE((
                    SELECT jsonb_agg(s.value ORDER BY s.n) FROM jsonb_array_elements(doc -> 'schemas') WITH ORDINALITY AS s(value, n)
                    WHERE lower(s.value #>> '{}') IS DISTINCT FROM lower(@urn)), '[]'::jsonb))
            ELSE doc - @urn
        END)
        """;

    /// <summary>Returns how many users changed.</summary>
    public static async Task<int> RemoveAsync(NpgsqlConnection connection, string tenant, string schemaUrn, string? attributeName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(schemaUrn);
        var sql = (attributeName is null ? RemoveExtensionSql : RemoveAttributeSql).Replace("WITHOUT_EXTENSION", WithoutExtension, StringComparison.Ordinal);
        await using var command = connection.Command(sql)
            .With("@tenant", tenant)
            .With("@urn", schemaUrn)
            .WithTextArray("@path", attributeName is null ? [schemaUrn] : [schemaUrn, attributeName])
            .With("@now", StoreTimestamps.ToText(now));
        if (attributeName is not null)
        {
            command.With("@attribute", attributeName);
        }

        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
