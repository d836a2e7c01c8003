using System.Text.Json;
using Microsoft.Data.Sqlite;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// The SQL of creates, replaces, deletes and the other writes, run by <see cref="SqliteWriteLoop"/> on the one
/// writer connection inside a savepoint of the current batch. Single-threaded by construction,
/// so a version check followed by an update cannot race another writer of this process.
/// A write's activity entry is appended only once the write has succeeded, inside the same
/// savepoint: a write that fails or finds a stale version leaves no entry behind.
/// </summary>
internal sealed class SqliteResourceWriter(SqliteCommandCache commands, TimeProvider time) : IDisposable
{
    private const string InsertValueSql = """
        INSERT INTO resource_values (tenant, resource_id, attribute, ordinal, value_folded, value_type, is_primary)
        VALUES (@tenant, @id, @attribute, @ordinal, @value, @type, @primary)
        """;

    private const string MissingMembersSql = """
        SELECT j.value FROM json_each(@ids) j
        WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.tenant = @tenant AND r.id = j.value)
        """;

    private const string RemoveMembersSql = """
        DELETE FROM group_members
        WHERE tenant = @tenant AND group_id = @id AND member_id NOT IN (SELECT value FROM json_each(@ids))
        """;

    private const string AddMembersSql = """
        INSERT OR IGNORE INTO group_members (tenant, group_id, member_id)
        SELECT @tenant, @id, value FROM json_each(@ids)
        """;

    // A group that loses a member changes, so its version moves on: a group grain holding the
    // old copy then fails its next optimistic write and re-reads.
    private const string BumpGroupsOfMemberSql = """
        UPDATE resources
        SET version = version + 1, last_modified = @now,
            doc = json_set(doc, '$.meta.version', 'W/"' || (version + 1) || '"', '$.meta.lastModified', @now)
        WHERE tenant = @tenant
          AND id IN (SELECT group_id FROM group_members WHERE tenant = @tenant AND member_id = @id)
        """;

    private const string DeleteSql = "DELETE FROM resources WHERE tenant = @tenant AND id = @id";

    private const string UserNameTakenSql = "SELECT 1 FROM resources WHERE tenant = @tenant AND user_name_folded = @folded AND id <> @id";

    private const string ExternalIdTakenSql = "SELECT 1 FROM resources WHERE tenant = @tenant AND type = @type AND external_id = @externalId AND id <> @id";

    // The statements every create or replace runs, prepared once (see SqliteStatement).
    private readonly SqliteStatement _insertRow = new(commands.Connection, ResourceSql.InsertSql);
    private readonly SqliteStatement _updateRow = new(commands.Connection, ResourceSql.UpdateSql);
    private readonly SqliteStatement _insertValue = new(commands.Connection, InsertValueSql);
    private readonly SqliteStatement _insertActivity = new(commands.Connection, ActivitySql.InsertSql);

    public SqliteCommandCache Commands => commands;

    /// <summary>
    /// Inserts the resource. Returns the group as read back (with its members), or null for a
    /// user: a user just created is in no group, so the caller builds its answer from
    /// <see cref="SerializedResource.Written"/> after the commit, off this thread.
    /// </summary>
    public StoredResource? Create(SerializedResource serialized)
    {
        var resource = serialized.Resource;
        var now = time.GetUtcNow();
        CheckMembersExist(resource);
        var nowText = StoreTimestamps.ToText(now);
        _insertRow.Bind("@created", nowText).Bind("@kind", resource.Kind);
        WriteRowChecked(_insertRow, serialized, 1, now, now, nowText);
        WriteValues(resource, replacing: false);
        WriteMembers(resource, replacing: false);
        AppendActivity(serialized.Activity);
        serialized.Written = new StoredMeta(1, now, now, resource.Kind);
        return resource.IsGroup ? Reread(resource, 1, now, now, resource.Kind) : null;
    }

    public StoredResource? Replace(SerializedResource serialized, long expectedVersion)
    {
        var resource = serialized.Resource;
        var current = commands.Get(ResourceSql.CurrentSql)
            .With("@tenant", resource.Tenant).With("@id", resource.Id).With("@type", resource.ResourceType);
        DateTimeOffset created;
        string? kind;
        using (var reader = current.ExecuteReader())
        {
            if (!reader.Read() || reader.GetInt64(0) != expectedVersion)
            {
                return null;
            }

            created = StoreTimestamps.Parse(reader.GetString(1));
            kind = reader.IsDBNull(2) ? null : reader.GetString(2);
        }

        var now = time.GetUtcNow();
        CheckMembersExist(resource);
        var version = expectedVersion + 1;
        WriteRowChecked(_updateRow, serialized, version, created, now, StoreTimestamps.ToText(now));
        WriteValues(resource, replacing: true);
        WriteMembers(resource, replacing: true);
        AppendActivity(serialized.Activity);
        serialized.Written = new StoredMeta(version, created, now, kind);
        return Reread(resource, version, created, now, kind);
    }

    public bool Delete(string tenant, string resourceType, string id, long expectedVersion, ActivityRow? activity)
    {
        var current = commands.Get(ResourceSql.CurrentSql).With("@tenant", tenant).With("@id", id).With("@type", resourceType);
        using (var reader = current.ExecuteReader())
        {
            if (!reader.Read() || reader.GetInt64(0) != expectedVersion)
            {
                return false;
            }
        }

        commands.Get(BumpGroupsOfMemberSql)
            .With("@tenant", tenant).With("@id", id).With("@now", StoreTimestamps.ToText(time.GetUtcNow()))
            .ExecuteNonQuery();
        // Memberships in both directions and the indexed values go by ON DELETE CASCADE.
        commands.Get(DeleteSql).With("@tenant", tenant).With("@id", id).ExecuteNonQuery();
        if (activity is not null)
        {
            AppendActivity(activity);
        }

        return true;
    }

    /// <summary>Appends activity rows in the current transaction, in order.</summary>
    public void AppendActivity(IReadOnlyList<ActivityRow> rows)
    {
        foreach (var row in rows)
        {
            SqliteActivityLog.Append(_insertActivity, row);
        }
    }

    public void AppendActivity(ActivityRow row) => SqliteActivityLog.Append(_insertActivity, row);

    public int PurgeActivity(string tenant, DateTimeOffset before) => SqliteActivityLog.Purge(commands, tenant, before);

    public int RemoveExtensionValues(string tenant, string schemaUrn, string? attributeName) =>
        SqliteExtensionValues.Remove(commands, tenant, schemaUrn, attributeName, time.GetUtcNow());

    private void WriteRowChecked(SqliteStatement statement, SerializedResource serialized, long version, DateTimeOffset created,
        DateTimeOffset lastModified, string lastModifiedText)
    {
        try
        {
            WriteRow(statement, serialized, version, created, lastModified, lastModifiedText);
        }
        catch (SqliteException exception) when (SqliteErrors.IsUniqueViolation(exception))
        {
            throw UniquenessError(serialized, exception);
        }
    }

    private static void WriteRow(SqliteStatement statement, SerializedResource serialized, long version, DateTimeOffset created,
        DateTimeOffset lastModified, string lastModifiedText)
    {
        var resource = serialized.Resource;
        statement
            .Bind("@tenant", resource.Tenant)
            .Bind("@id", resource.Id)
            .Bind("@type", resource.ResourceType)
            .Bind("@version", version)
            .Bind("@lastModified", lastModifiedText)
            .Bind("@userName", resource.UserName)
            .Bind("@userNameFolded", serialized.UserNameFolded)
            .Bind("@externalId", resource.ExternalId)
            .Bind("@displayName", resource.DisplayName)
            .Bind("@displayNameFolded", serialized.DisplayNameFolded)
            .Bind("@doc", serialized.DocumentWith(ResourceRow.Meta(resource.ResourceType, created, lastModified, version)));
        statement.Execute();
    }

    /// <summary>
    /// Says which unique value clashed by asking the database again rather than parsing the
    /// error message; the failed statement has been undone, the transaction is still open.
    /// </summary>
    private ScimException UniquenessError(SerializedResource serialized, SqliteException exception)
    {
        var resource = serialized.Resource;
        if (exception.SqliteExtendedErrorCode == SqliteErrors.ConstraintPrimaryKey)
        {
            return ScimException.Uniqueness($"A resource with id '{resource.Id}' already exists.");
        }

        if (resource.UserName is { } userName && Exists(commands.Get(UserNameTakenSql)
                .With("@tenant", resource.Tenant).With("@folded", serialized.UserNameFolded).With("@id", resource.Id)))
        {
            return ScimException.Uniqueness($"userName '{userName}' is already taken.");
        }

        if (resource.ExternalId is { } externalId && Exists(commands.Get(ExternalIdTakenSql)
                .With("@tenant", resource.Tenant).With("@type", resource.ResourceType).With("@externalId", externalId).With("@id", resource.Id)))
        {
            return ScimException.Uniqueness($"externalId '{externalId}' is already taken.");
        }

        return ScimException.Uniqueness($"A unique value of resource '{resource.Id}' is already taken.");
    }

    private static bool Exists(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read();
    }

    private void WriteValues(IndexedResource resource, bool replacing)
    {
        if (replacing)
        {
            commands.Get(ResourceSql.DeleteValuesSql).With("@tenant", resource.Tenant).With("@id", resource.Id).ExecuteNonQuery();
        }

        foreach (var value in resource.Values)
        {
            _insertValue
                .Bind("@tenant", resource.Tenant)
                .Bind("@id", resource.Id)
                .Bind("@attribute", value.Attribute)
                .Bind("@ordinal", value.Ordinal)
                .Bind("@value", value.ValueFolded)
                .Bind("@type", value.TypeFolded)
                .Bind("@primary", value.Primary is { } primary ? (primary ? 1L : 0L) : null)
                .Execute();
        }
    }

    private void CheckMembersExist(IndexedResource resource)
    {
        if (resource.MemberIds.Count == 0)
        {
            return;
        }

        var missing = new List<string>();
        using (var reader = commands.Get(MissingMembersSql)
                   .With("@tenant", resource.Tenant).With("@ids", JsonSerializer.Serialize(resource.MemberIds)).ExecuteReader())
        {
            while (reader.Read())
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count > 0)
        {
            throw ScimException.InvalidValue(
                $"Group members do not exist: {string.Join(", ", missing.Take(20).Select(id => $"'{id}'"))}{(missing.Count > 20 ? ", ..." : "")}.");
        }
    }

    private void WriteMembers(IndexedResource resource, bool replacing)
    {
        if (!resource.IsGroup || (!replacing && resource.MemberIds.Count == 0))
        {
            return;
        }

        var ids = JsonSerializer.Serialize(resource.MemberIds);
        if (replacing)
        {
            // Only the difference is written: unchanged memberships stay untouched.
            commands.Get(RemoveMembersSql).With("@tenant", resource.Tenant).With("@id", resource.Id).With("@ids", ids).ExecuteNonQuery();
        }

        commands.Get(AddMembersSql).With("@tenant", resource.Tenant).With("@id", resource.Id).With("@ids", ids).ExecuteNonQuery();
    }

    /// <summary>
    /// The written resource composed for reading, from inside the open transaction. The caller's
    /// copy of the document is used as it is: its text was taken before the write was queued.
    /// </summary>
    private StoredResource Reread(IndexedResource resource, long version, DateTimeOffset created, DateTimeOffset lastModified, string? kind)
    {
        var row = new ResourceRow(resource.Tenant, resource.Id, resource.ResourceType, version, created, lastModified, resource.Document, kind);
        return SqliteMembershipComposer.Compose(commands, resource.Tenant, [row])[0];
    }

    public void Dispose()
    {
        _insertRow.Dispose();
        _updateRow.Dispose();
        _insertValue.Dispose();
        _insertActivity.Dispose();
    }
}
