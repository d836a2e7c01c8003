namespace ScimOrleans.Storage;

/// <summary>
/// The write statements of the <c>resources</c> and <c>resource_values</c> tables that are the
/// same for both engines' resource writers.
/// </summary>
internal static class ResourceSql
{
    public const string InsertSql = """
        INSERT INTO resources (tenant, id, type, version, created, last_modified, user_name, user_name_folded,
                               external_id, display_name, display_name_folded, doc, kind)
        VALUES (@tenant, @id, @type, @version, @created, @lastModified, @userName, @userNameFolded,
                @externalId, @displayName, @displayNameFolded, @doc, @kind)
        """;

    // kind is not set here: a user's kind is fixed when it is created.
    public const string UpdateSql = """
        UPDATE resources SET version = @version, last_modified = @lastModified, user_name = @userName,
               user_name_folded = @userNameFolded, external_id = @externalId, display_name = @displayName,
               display_name_folded = @displayNameFolded, doc = @doc
        WHERE tenant = @tenant AND id = @id
        """;

    /// <summary>The version check's read of the current row; PostgreSQL appends <c>FOR UPDATE</c>.</summary>
    public const string CurrentSql = "SELECT version, created, kind FROM resources WHERE tenant = @tenant AND id = @id AND type = @type";

    public const string DeleteValuesSql = "DELETE FROM resource_values WHERE tenant = @tenant AND resource_id = @id";
}
