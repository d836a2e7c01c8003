using System.Data.Common;
using System.Text.Json.Nodes;

namespace ScimOrleans.Storage;

/// <summary>
/// The engine-neutral half of composing read rows with their memberships: which ids need which
/// look-up, the entries a user's <c>groups</c> and a group's <c>members</c> hold, and how the
/// look-ups' rows (owner id, value, display, type-ish) are grouped by owner.
/// </summary>
internal static class MembershipComposition
{
    public static List<string> IdsOf(IReadOnlyList<ResourceRow> rows, string type) =>
        [.. rows.Where(r => r.Type == type).Select(r => r.Id)];

    /// <summary>An entry of a user's <c>groups</c>.</summary>
    public static JsonObject GroupOfUser(string group, string? display, bool direct) =>
        Entry(group, display, direct ? "direct" : "indirect");

    /// <summary>An entry of a group's <c>members</c>.</summary>
    public static JsonObject MemberOfGroup(string member, string? display, string type) => Entry(member, display, type);

    /// <summary>Adds the row <paramref name="reader"/> is on to its owner's array.</summary>
    public static void Add<T>(Dictionary<string, JsonArray> result, DbDataReader reader, Func<string, string?, T, JsonObject> entry)
    {
        var owner = reader.GetString(0);
        if (!result.TryGetValue(owner, out var array))
        {
            result[owner] = array = [];
        }

        array.Add(entry(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<T>(3)));
    }

    /// <summary>The stored resources of <paramref name="rows"/>, each with its groups or members.</summary>
    public static List<StoredResource> Compose(
        IReadOnlyList<ResourceRow> rows, Dictionary<string, JsonArray> groupsOfUsers, Dictionary<string, JsonArray> membersOfGroups) =>
    [
        .. rows.Select(row => row.ToStoredResource(
            (row.Type == ResourceTypeNames.Group ? membersOfGroups : groupsOfUsers).GetValueOrDefault(row.Id))),
    ];

    private static JsonObject Entry(string value, string? display, string type)
    {
        var entry = new JsonObject { ["value"] = value };
        if (display is not null)
        {
            entry["display"] = display;
        }

        entry["type"] = type;
        return entry;
    }
}
