using System.Text.Json.Nodes;
using Npgsql;
using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// The SQL of creates, replaces, deletes and the other writes, run by a <see cref="PostgresWriteLoop"/>
/// inside a savepoint of its current batch. Other loops and other silos write concurrently, so a
/// version check locks the row (<c>FOR UPDATE</c>) before comparing, and uniqueness rests on the
/// unique indexes alone. A write's activity entry is appended only once the write has succeeded,
/// inside the same savepoint: a write that fails or finds a stale version leaves no entry behind.
/// </summary>
internal sealed class PostgresResourceWriter(NpgsqlConnection connection, TimeProvider time)
{
    // FOR UPDATE: a concurrent writer of the same row (another silo, another batch) waits here,
    // and after it commits this reads its version, so the comparison below cannot race.
    private const string CurrentSql = ResourceSql.CurrentSql + " FOR UPDATE";

    private const string InsertValuesSql = """
        INSERT INTO resource_values (tenant, resource_id, attribute, ordinal, value_folded, value_type, is_primary)
        SELECT @tenant, @id, v.attribute, v.ordinal, v.value_folded, v.value_type, v.is_primary
        FROM unnest(@attributes, @ordinals, @values, @types, @primaries) AS v(attribute, ordinal, value_folded, value_type, is_primary)
        """;

    private const string MissingMembersSql = """
        SELECT m.id FROM unnest(@ids) WITH ORDINALITY AS m(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.tenant = @tenant AND r.id = m.id)
        ORDER BY m.n
        """;

    private const string RemoveMembersSql = """
        DELETE FROM group_members WHERE tenant = @tenant AND group_id = @id AND member_id <> ALL (@ids)
        """;

    private const string AddMembersSql = """
        INSERT INTO group_members (tenant, group_id, member_id)
        SELECT @tenant, @id, m.id FROM unnest(@ids) AS m(id)
        ON CONFLICT DO NOTHING
        """;

    // A group that loses a member changes, so its version moves on: a group grain holding the
    // old copy then fails its next optimistic write and re-reads.
    private const string BumpGroupsOfMemberSql = """
        UPDATE resources
        SET version = version + 1, last_modified = @now,
            doc = jsonb_set(jsonb_set(doc, '{meta,version}', to_jsonb('W/"' || (version + 1) || '"')),
                            '{meta,lastModified}', to_jsonb(@now::text))
        WHERE tenant = @tenant
          AND id IN (SELECT group_id FROM group_members WHERE tenant = @tenant AND member_id = @id)
        """;

    private const string DeleteSql = "DELETE FROM resources WHERE tenant = @tenant AND id = @id";

    public NpgsqlConnection Connection => connection;

    public TimeProvider Time => time;

    public async Task<StoredResource> CreateAsync(IndexedResource resource)
    {
        var now = time.GetUtcNow();
        await CheckMembersExistAsync(resource).ConfigureAwait(false);
        var document = resource.Document;
        document["meta"] = ResourceRow.Meta(resource.ResourceType, now, now, 1);
        await using (var command = connection.Command(ResourceSql.InsertSql)
                         .With("@created", StoreTimestamps.ToText(now)).WithText("@kind", resource.Kind))
        {
            await WriteRowAsync(command, resource, 1, now).ConfigureAwait(false);
        }

        await WriteValuesAsync(resource, replacing: false).ConfigureAwait(false);
        await WriteMembersAsync(resource, replacing: false).ConfigureAwait(false);
        foreach (var entry in resource.Activity)
        {
            await AppendActivityAsync(entry).ConfigureAwait(false);
        }
        return await RereadAsync(resource, 1, now, now, resource.Kind).ConfigureAwait(false);
    }

    public async Task<StoredResource?> ReplaceAsync(IndexedResource resource, long expectedVersion)
    {
        DateTimeOffset created;
        string? kind;
        await using (var current = connection.Command(CurrentSql)
                         .With("@tenant", resource.Tenant).With("@id", resource.Id).With("@type", resource.ResourceType))
        await using (var reader = await current.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (!await reader.ReadAsync().ConfigureAwait(false) || reader.GetInt64(0) != expectedVersion)
            {
                return null;
            }

            created = StoreTimestamps.Parse(reader.GetString(1));
            kind = reader.IsDBNull(2) ? null : reader.GetString(2);
        }

        var now = time.GetUtcNow();
        await CheckMembersExistAsync(resource).ConfigureAwait(false);
        var version = expectedVersion + 1;
        resource.Document["meta"] = ResourceRow.Meta(resource.ResourceType, created, now, version);
        await using (var command = connection.Command(ResourceSql.UpdateSql))
        {
            await WriteRowAsync(command, resource, version, now).ConfigureAwait(false);
        }

        await WriteValuesAsync(resource, replacing: true).ConfigureAwait(false);
        await WriteMembersAsync(resource, replacing: true).ConfigureAwait(false);
        foreach (var entry in resource.Activity)
        {
            await AppendActivityAsync(entry).ConfigureAwait(false);
        }
        return await RereadAsync(resource, version, created, now, kind).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string tenant, string resourceType, string id, long expectedVersion, ActivityEntry? activity)
    {
        await using (var current = connection.Command(CurrentSql).With("@tenant", tenant).With("@id", id).With("@type", resourceType))
        await using (var reader = await current.ExecuteReaderAsync().ConfigureAwait(false))
        {
            if (!await reader.ReadAsync().ConfigureAwait(false) || reader.GetInt64(0) != expectedVersion)
            {
                return false;
            }
        }

        await using (var bump = connection.Command(BumpGroupsOfMemberSql)
                         .With("@tenant", tenant).With("@id", id).With("@now", StoreTimestamps.ToText(time.GetUtcNow())))
        {
            await bump.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // Memberships in both directions and the indexed values go by ON DELETE CASCADE.
        await using (var delete = connection.Command(DeleteSql).With("@tenant", tenant).With("@id", id))
        {
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await AppendActivityAsync(activity).ConfigureAwait(false);
        return true;
    }

    /// <summary>Appends an activity entry (nothing for null) in the current savepoint.</summary>
    public Task AppendActivityAsync(ActivityEntry? entry) =>
        entry is null ? Task.CompletedTask : PostgresActivityLog.AppendAsync(connection, entry);

    private async Task WriteRowAsync(NpgsqlCommand command, IndexedResource resource, long version, DateTimeOffset now)
    {
        command
            .With("@tenant", resource.Tenant)
            .With("@id", resource.Id)
            .With("@type", resource.ResourceType)
            .With("@version", version)
            .With("@lastModified", StoreTimestamps.ToText(now))
            .WithText("@userName", resource.UserName)
            .WithText("@userNameFolded", resource.UserName is null ? null : CaseFolding.Fold(resource.UserName))
            .WithText("@externalId", resource.ExternalId)
            .WithText("@displayName", resource.DisplayName)
            .WithText("@displayNameFolded", resource.DisplayName is null ? null : CaseFolding.Fold(resource.DisplayName))
            .WithJsonb("@doc", resource.Document.ToJsonString());
        try
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrors.UniqueViolation)
        {
            throw UniquenessError(resource, exception);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrors.CharacterNotInRepertoire or PostgresErrors.UntranslatableCharacter)
        {
            throw ScimException.InvalidValue($"A value of resource '{resource.Id}' holds a character the store cannot keep: {exception.MessageText}");
        }
    }

    /// <summary>Which unique value clashed, from the name of the constraint the database reports.</summary>
    private static ScimException UniquenessError(IndexedResource resource, PostgresException exception) => exception.ConstraintName switch
    {
        "resources_pkey" => ScimException.Uniqueness($"A resource with id '{resource.Id}' already exists."),
        "resources_user_name" when resource.UserName is { } userName => ScimException.Uniqueness($"userName '{userName}' is already taken."),
        "resources_external_id" when resource.ExternalId is { } externalId => ScimException.Uniqueness($"externalId '{externalId}' is already taken."),
        _ => ScimException.Uniqueness($"A unique value of resource '{resource.Id}' is already taken."),
    };

    private async Task WriteValuesAsync(IndexedResource resource, bool replacing)
    {
        if (replacing)
        {
            await using var delete = connection.Command(ResourceSql.DeleteValuesSql).With("@tenant", resource.Tenant).With("@id", resource.Id);
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        if (resource.Values.Count == 0)
        {
            return;
        }

        var values = resource.Values;
        await using var insert = connection.Command(InsertValuesSql)
            .With("@tenant", resource.Tenant)
            .With("@id", resource.Id)
            .With("@attributes", values.Select(v => v.Attribute).ToArray())
            .With("@ordinals", values.Select(v => v.Ordinal).ToArray())
            .With("@values", values.Select(v => v.ValueFolded).ToArray())
            .With("@types", values.Select(v => v.TypeFolded).ToArray())
            .With("@primaries", values.Select(v => v.Primary).ToArray());
        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task CheckMembersExistAsync(IndexedResource resource)
    {
        if (resource.MemberIds.Count == 0)
        {
            return;
        }

        var missing = new List<string>();
        await using (var command = connection.Command(MissingMembersSql).With("@tenant", resource.Tenant).WithTextArray("@ids", resource.MemberIds))
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count > 0)
        {
            throw MissingMembers(missing);
        }
    }

    private static ScimException MissingMembers(IReadOnlyCollection<string> missing) => ScimException.InvalidValue(
        $"Group members do not exist: {string.Join(", ", missing.Take(20).Select(id => $"'{id}'"))}{(missing.Count > 20 ? ", ..." : "")}.");

    private async Task WriteMembersAsync(IndexedResource resource, bool replacing)
    {
        if (!resource.IsGroup || (!replacing && resource.MemberIds.Count == 0))
        {
            return;
        }

        if (replacing)
        {
            // Only the difference is written: unchanged memberships stay untouched.
            await using var remove = connection.Command(RemoveMembersSql)
                .With("@tenant", resource.Tenant).With("@id", resource.Id).WithTextArray("@ids", resource.MemberIds);
            await remove.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        if (resource.MemberIds.Count == 0)
        {
            return;
        }

        await using var add = connection.Command(AddMembersSql)
            .With("@tenant", resource.Tenant).With("@id", resource.Id).WithTextArray("@ids", resource.MemberIds);
        try
        {
            await add.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrors.ForeignKeyViolation)
        {
            // A member deleted by another silo between the check above and this insert.
            throw ScimException.InvalidValue($"A group member of '{resource.Id}' does not exist (any more): {exception.Detail ?? exception.MessageText}");
        }
    }

    /// <summary>The written resource composed for reading, from inside the open transaction.</summary>
    private async Task<StoredResource> RereadAsync(IndexedResource resource, long version, DateTimeOffset created, DateTimeOffset lastModified, string? kind)
    {
        var row = new ResourceRow(resource.Tenant, resource.Id, resource.ResourceType, version, created, lastModified,
            PostgresDocuments.Canonical((JsonObject)resource.Document.DeepClone()), kind);
        // A user just created cannot be in a group yet; everything else may have memberships.
        return resource.IsGroup || version > 1
            ? (await PostgresMembershipComposer.ComposeAsync(connection, resource.Tenant, [row]).ConfigureAwait(false))[0]
            : row.ToStoredResource(null);
    }
}
