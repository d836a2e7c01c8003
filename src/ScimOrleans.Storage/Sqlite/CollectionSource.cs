using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Sqlite;

/// <summary>
/// Where the values of a multi-valued attribute live for a query: the JSON document, the
/// indexed value table, or the membership table. Each turns "some element satisfies the
/// condition" into SQL over resources aliased <c>r</c> (tenant parameter <c>@tenant</c>).
/// </summary>
internal abstract class CollectionSource(AttributeDefinition attribute)
{
    public AttributeDefinition Attribute => attribute;

    /// <summary>SQL that is true when some element satisfies the condition built against the element.</summary>
    public abstract string Any(Func<ElementScope, string> condition);
}

/// <summary>Elements read from the document with <c>json_each</c>: works for every attribute, indexes none.</summary>
internal sealed class JsonArraySource(AttributeDefinition attribute, string arrayPathParameter, SqlParameters parameters, string alias)
    : CollectionSource(attribute)
{
    public override string Any(Func<ElementScope, string> condition)
    {
        var scope = new MappedElementScope(Attribute, sub => sub is null
            ? new SqlOperand($"{alias}.value", Attribute, Folded: false, Indexed: false, SortableTimestamp: false,
                $"({alias}.type <> 'null' AND NOT ({alias}.type = 'text' AND {alias}.value = ''))")
            : SqlOperand.Json($"{alias}.value", parameters.Add(SqliteJsonPath.Of(sub.Name)), sub));
        return $"EXISTS (SELECT 1 FROM json_each(r.doc, {arrayPathParameter}) {alias} WHERE {condition(scope)})";
    }
}

/// <summary>
/// E-mail addresses and phone numbers in <c>resource_values</c> (value, type, primary), folded:
/// <c>emails[type eq "work"].value eq x</c> becomes an index look-up followed by a key look-up.
/// </summary>
internal sealed class ResourceValuesSource(AttributeDefinition attribute, SqlParameters parameters, string alias)
    : CollectionSource(attribute)
{
    public static readonly IReadOnlySet<string> IndexedSubAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "value", "type", "primary" };

    public override string Any(Func<ElementScope, string> condition)
    {
        var scope = new MappedElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => SqlOperand.Column($"{alias}.value_folded", sub, folded: true),
            "type" => SqlOperand.Column($"{alias}.value_type", sub, folded: true),
            "primary" => new SqlOperand($"{alias}.is_primary", sub, Folded: false, Indexed: false, SortableTimestamp: false, $"({alias}.is_primary IS NOT NULL)"),
            _ => null,
        });
        var name = parameters.Add(Attribute.Name);
        // Uncorrelated IN rather than EXISTS: SQLite then starts from the value index and looks
        // up the few matching resources by key, instead of probing every resource of the tenant.
        return $"r.id IN (SELECT {alias}.resource_id FROM resource_values {alias} " +
               $"WHERE {alias}.tenant = @tenant AND {alias}.attribute = {name} AND {condition(scope)})";
    }
}

/// <summary>A group's <c>members</c>, from <c>group_members</c>, with each member's current type and display.</summary>
internal sealed class GroupMembersSource(AttributeDefinition attribute, string alias) : CollectionSource(attribute)
{
    public override string Any(Func<ElementScope, string> condition)
    {
        var member = $"{alias}x";
        var scope = new MappedElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => SqlOperand.Column($"{alias}.member_id", sub),
            "type" => SqlOperand.Expression($"{member}.type", sub),
            "display" => SqlOperand.Expression($"COALESCE({member}.display_name_folded, {member}.user_name_folded)", sub, folded: true),
            _ => null,
        });
        return $"r.id IN (SELECT {alias}.group_id FROM group_members {alias} " +
               $"JOIN resources {member} ON {member}.tenant = {alias}.tenant AND {member}.id = {alias}.member_id " +
               $"WHERE {alias}.tenant = @tenant AND {condition(scope)})";
    }
}

/// <summary>
/// A user's <c>groups</c>: the groups it belongs to directly or through nested groups. Recursive
/// queries with UNION, so membership cycles terminate.
/// </summary>
internal sealed class UserGroupsSource(AttributeDefinition attribute, bool needsType, string alias) : CollectionSource(attribute)
{
    // In the recursive steps, CROSS JOIN makes SQLite start from the few rows just found and
    // look each up by key; left to itself it read the tenant's whole membership index per step.
    public override string Any(Func<ElementScope, string> condition)
    {
        var group = $"{alias}g";
        var link = $"{alias}m";
        if (!needsType)
        {
            // Start from the groups that match and walk down to their members: for
            // groups.value eq x this begins with one key look-up.
            var scope = new MappedElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
            {
                "value" => SqlOperand.Column($"{group}.id", sub),
                "display" => SqlOperand.Column($"{group}.display_name_folded", sub, folded: true),
                _ => null,
            });
            return $"r.id IN (WITH RECURSIVE {alias}(id) AS (" +
                   $"SELECT {group}.id FROM resources {group} WHERE {group}.tenant = @tenant AND {group}.type = 'Group' AND {condition(scope)} " +
                   $"UNION SELECT {link}.member_id FROM {alias} CROSS JOIN group_members {link} ON {link}.tenant = @tenant AND {link}.group_id = {alias}.id" +
                   $") SELECT id FROM {alias})";
        }

        // "type" (direct or indirect) depends on the user, so walk up from each user.
        var direct = $"{alias}d";
        var typed = new MappedElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => SqlOperand.Column($"{alias}.gid", sub),
            "display" => SqlOperand.Column($"{group}.display_name_folded", sub, folded: true),
            "type" => SqlOperand.Expression(
                $"(CASE WHEN EXISTS (SELECT 1 FROM group_members {direct} WHERE {direct}.tenant = r.tenant AND {direct}.group_id = {alias}.gid AND {direct}.member_id = r.id) " +
                "THEN 'direct' ELSE 'indirect' END)", sub),
            _ => null,
        });
        return $"EXISTS (WITH RECURSIVE {alias}(gid) AS (" +
               $"SELECT {link}.group_id FROM group_members {link} WHERE {link}.tenant = r.tenant AND {link}.member_id = r.id " +
               $"UNION SELECT {link}.group_id FROM {alias} CROSS JOIN group_members {link} ON {link}.tenant = r.tenant AND {link}.member_id = {alias}.gid" +
               $") SELECT 1 FROM {alias} JOIN resources {group} ON {group}.tenant = r.tenant AND {group}.id = {alias}.gid WHERE {condition(typed)})";
    }
}
