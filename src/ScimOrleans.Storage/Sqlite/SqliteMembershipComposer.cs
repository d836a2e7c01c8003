using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Composes a user's <c>groups</c> (direct and, through nested groups, indirect) and a group's
/// <c>members</c> from <c>group_members</c>, for a whole page of resources in one query each.
/// </summary>
internal static class SqliteMembershipComposer
{
    // UNION (not UNION ALL) keeps each (user, group) pair once, so membership cycles end the
    // recursion. CROSS JOIN fixes the join order (SQLite never reorders it): from the pairs
    // found so far to the index. Without it the bundled SQLite walked every resource of the
    // tenant for each read, so a GET slowed down as the tenant grew (bench/README.md).
    private const string GroupsOfUsersSql = """
        WITH RECURSIVE closure(user_id, group_id) AS (
            SELECT gm.member_id, gm.group_id FROM group_members gm
            WHERE gm.tenant = @tenant AND gm.member_id IN (SELECT value FROM json_each(@ids))
            UNION
            SELECT c.user_id, gm.group_id FROM closure c
            CROSS JOIN group_members gm ON gm.tenant = @tenant AND gm.member_id = c.group_id
        )
        SELECT c.user_id, c.group_id, g.display_name,
               EXISTS (SELECT 1 FROM group_members d
                       WHERE d.tenant = @tenant AND d.group_id = c.group_id AND d.member_id = c.user_id) AS direct
        FROM closure c
        CROSS JOIN resources g ON g.tenant = @tenant AND g.id = c.group_id
        ORDER BY c.user_id, direct DESC, g.display_name_folded, c.group_id
        """;

    private const string MembersOfGroupsSql = """
        SELECT gm.group_id, gm.member_id, COALESCE(m.display_name, m.user_name), m.type
        FROM group_members gm
        CROSS JOIN resources m ON m.tenant = gm.tenant AND m.id = gm.member_id
        WHERE gm.tenant = @tenant AND gm.group_id IN (SELECT value FROM json_each(@ids))
        ORDER BY gm.group_id, gm.member_id
        """;

    /// <summary>The rows as stored resources, each with its memberships composed in.</summary>
    public static List<StoredResource> Compose(SqliteCommandCache commands, string tenant, IReadOnlyList<ResourceRow> rows)
    {
        var users = MembershipComposition.IdsOf(rows, ResourceTypeNames.User);
        var groups = MembershipComposition.IdsOf(rows, ResourceTypeNames.Group);
        var groupsOfUsers = users.Count == 0 ? [] : Read<bool>(commands, GroupsOfUsersSql, tenant, users,
            MembershipComposition.GroupOfUser);
        var membersOfGroups = groups.Count == 0 ? [] : Read<string>(commands, MembersOfGroupsSql, tenant, groups,
            MembershipComposition.MemberOfGroup);
        return MembershipComposition.Compose(rows, groupsOfUsers, membersOfGroups);
    }

    /// <summary>Runs a query whose columns are (owner id, value, display, type-ish) grouped by owner.</summary>
    private static Dictionary<string, JsonArray> Read<T>(SqliteCommandCache commands, string sql, string tenant, List<string> ids, Func<string, string?, T, JsonObject> entry)
    {
        var command = commands.Get(sql)
            .With("@tenant", tenant)
            .With("@ids", JsonSerializer.Serialize(ids));
        var result = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            MembershipComposition.Add(result, reader, entry);
        }

        return result;
    }
}
