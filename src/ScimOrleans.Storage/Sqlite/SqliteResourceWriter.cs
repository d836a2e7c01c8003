using System.Text.Json;
using System.Text.Json.Nodes;
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
internal sealed class SqliteResourceWriter(SqliteCommandCache commands, TimeProvider time)
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

    public SqliteCommandCache Commands => commands;

    public StoredResource Create(IndexedResource resource)
    {
        var now = time.GetUtcNow();
        CheckMembersExist(resource);
        var document = resource.Document;
        document["meta"] = ResourceRow.Meta(resource.ResourceType, now, now, 1);
        var command = commands.Get(ResourceSql.InsertSql).With("@created", StoreTimestamps.ToText(now)).With("@kind", resource.Kind);
        WriteRow(command, resource, 1, now);
        WriteValues(resource, replacing: false);
        WriteMembers(resource, replacing: false);
        foreach (var entry in resource.Activity)
        {
            AppendActivity(entry);
        }
        return Reread(resource, 1, now, now, resource.Kind);
    }

    public StoredResource? Replace(IndexedResource resource, long expectedVersion)
    {
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
        resource.Document["meta"] = ResourceRow.Meta(resource.ResourceType, created, now, version);
        WriteRow(commands.Get(ResourceSql.UpdateSql), resource, version, now);
        WriteValues(resource, replacing: true);
        WriteMembers(resource, replacing: true);
        foreach (var entry in resource.Activity)
        {
            AppendActivity(entry);
        }
        return Reread(resource, version, created, now, kind);
    }

    public bool Delete(string tenant, string resourceType, string id, long expectedVersion, ActivityEntry? activity)
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
        AppendActivity(activity);
        return true;
    }

    /// <summary>Appends an activity entry (nothing for null) in the current savepoint.</summary>
    public void AppendActivity(ActivityEntry? entry)
    {
        if (entry is not null)
        {
            SqliteActivityLog.Append(commands, entry);
        }
    }

    public int PurgeActivity(string tenant, DateTimeOffset before) => SqliteActivityLog.Purge(commands, tenant, before);

    public int RemoveExtensionValues(string tenant, string schemaUrn, string? attributeName) =>
        SqliteExtensionValues.Remove(commands, tenant, schemaUrn, attributeName, time.GetUtcNow());

    private void WriteRow(SqliteCommand command, IndexedResource resource, long version, DateTimeOffset now)
    {
        command
            .With("@tenant", resource.Tenant)
            .With("@id", resource.Id)
            .With("@type", resource.ResourceType)
            .With("@version", version)
            .With("@lastModified", StoreTimestamps.ToText(now))
            .With("@userName", resource.UserName)
            .With("@userNameFolded", resource.UserName is null ? null : CaseFolding.Fold(resource.UserName))
            .With("@externalId", resource.ExternalId)
            .With("@displayName", resource.DisplayName)
            .With("@displayNameFolded", resource.DisplayName is null ? null : CaseFolding.Fold(resource.DisplayName))
            .With("@doc", resource.Document.ToJsonString());
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception) when (SqliteErrors.IsUniqueViolation(exception))
        {
            throw UniquenessError(resource, exception);
        }
    }

    /// <summary>
    /// Says which unique value clashed by asking the database again rather than parsing the
    /// error message; the failed statement has been undone, the transaction is still open.
    /// </summary>
    private ScimException UniquenessError(IndexedResource resource, SqliteException exception)
    {
        if (exception.SqliteExtendedErrorCode == SqliteErrors.ConstraintPrimaryKey)
        {
            return ScimException.Uniqueness($"A resource with id '{resource.Id}' already exists.");
        }

        if (resource.UserName is { } userName && Exists(commands.Get(UserNameTakenSql)
                .With("@tenant", resource.Tenant).With("@folded", CaseFolding.Fold(userName)).With("@id", resource.Id)))
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
            commands.Get(InsertValueSql)
                .With("@tenant", resource.Tenant)
                .With("@id", resource.Id)
                .With("@attribute", value.Attribute)
                .With("@ordinal", value.Ordinal)
                .With("@value", value.ValueFolded)
                .With("@type", value.TypeFolded)
                .With("@primary", value.Primary is { } primary ? (primary ? 1L : 0L) : null)
                .ExecuteNonQuery();
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

    /// <summary>The written resource composed for reading, from inside the open transaction.</summary>
    private StoredResource Reread(IndexedResource resource, long version, DateTimeOffset created, DateTimeOffset lastModified, string? kind)
    {
        var row = new ResourceRow(resource.Tenant, resource.Id, resource.ResourceType, version, created, lastModified,
            (JsonObject)resource.Document.DeepClone(), kind);
        // A user just created cannot be in a group yet; everything else may have memberships.
        return resource.IsGroup || version > 1
            ? SqliteMembershipComposer.Compose(commands, resource.Tenant, [row])[0]
            : row.ToStoredResource(null);
    }
}
