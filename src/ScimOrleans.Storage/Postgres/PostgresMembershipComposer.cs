using System.Text.Json.Nodes;
using Npgsql;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// Composes a user's <c>groups</c> (direct and, through nested groups, indirect) and a group's
/// <c>members</c> from <c>group_members</c>, for a whole page of resources in one query each.
/// </summary>
internal static class PostgresMembershipComposer
{
    // UNION (not UNION ALL) keeps each (user, group) pair once, so membership cycles end the recursion.
    // OFFSET 0 keeps each step a look-up by key per group found (group_members_member).
    private const string GroupsOfUsersSql = """
        WITH RECURSIVE closure(user_id, group_id) AS (
            SELECT gm.member_id, gm.group_id FROM group_members gm
            WHERE gm.tenant = @tenant AND gm.member_id = ANY (@ids)
            UNION
            SELECT c.user_id, gm.group_id FROM closure c
            CROSS JOIN LATERAL (SELECT gm.group_id FROM group_members gm
                                WHERE gm.tenant = @tenant AND gm.member_id = c.group_id OFFSET 0) gm
        )
        SELECT c.user_id, c.group_id, g.display_name,
               EXISTS (SELECT 1 FROM group_members d
                       WHERE d.tenant = @tenant AND d.group_id = c.group_id AND d.member_id = c.user_id) AS direct
        FROM closure c
        JOIN resources g ON g.tenant = @tenant AND g.id = c.group_id
        ORDER BY c.user_id, direct DESC, g.display_name_folded, c.group_id
        """;

    private const string MembersOfGroupsSql = """
        SELECT gm.group_id, gm.member_id, COALESCE(m.display_name, m.user_name), m.type
        FROM group_members gm
        JOIN resources m ON m.tenant = gm.tenant AND m.id = gm.member_id
        WHERE gm.tenant = @tenant AND gm.group_id = ANY (@ids)
        ORDER BY gm.group_id, gm.member_id
        """;

    /// <summary>The rows as stored resources, each with its memberships composed in.</summary>
    public static async Task<List<StoredResource>> ComposeAsync(NpgsqlConnection connection, string tenant, IReadOnlyList<ResourceRow> rows, CancellationToken cancellationToken = default)
    {
        var users = MembershipComposition.IdsOf(rows, ResourceTypeNames.User);
        var groups = MembershipComposition.IdsOf(rows, ResourceTypeNames.Group);
        var groupsOfUsers = users.Count == 0 ? [] : await ReadAsync<bool>(connection, GroupsOfUsersSql, tenant, users,
            MembershipComposition.GroupOfUser, cancellationToken).ConfigureAwait(false);
        var membersOfGroups = groups.Count == 0 ? [] : await ReadAsync<string>(connection, MembersOfGroupsSql, tenant, groups,
            MembershipComposition.MemberOfGroup, cancellationToken).ConfigureAwait(false);
        return MembershipComposition.Compose(rows, groupsOfUsers, membersOfGroups);
    }

    /// <summary>Runs a query whose columns are (owner id, value, display, type-ish) grouped by owner.</summary>
    private static async Task<Dictionary<string, JsonArray>> ReadAsync<T>(NpgsqlConnection connection, string sql, string tenant, List<string> ids,
        Func<string, string?, T, JsonObject> entry, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql).With("@tenant", tenant).WithTextArray("@ids", ids);
        var result = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            MembershipComposition.Add(result, reader, entry);
        }

        return result;
    }
}
