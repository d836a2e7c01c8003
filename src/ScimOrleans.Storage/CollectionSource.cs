using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// Where the values of a multi-valued attribute live for a query: the JSON document, the
/// indexed value table, or the membership table. Each turns "some element satisfies the
/// condition" into SQL over resources aliased <c>r</c> (tenant parameter <c>@tenant</c>).
/// </summary>
internal abstract class CollectionSource(AttributeDefinition attribute, SqlDialect dialect)
{
    public AttributeDefinition Attribute => attribute;

    protected SqlDialect Dialect => dialect;

    /// <summary>SQL that is true when some element satisfies the condition built against the element.</summary>
    public abstract string Any(Func<ElementScope, string> condition);

    protected ElementScope Scope(Func<AttributeDefinition?, SqlOperand?> map) => new(attribute, dialect, map);
}

/// <summary>Elements read from the document (<see cref="SqlDialect.Elements"/>): works for every attribute, indexes none.</summary>
/// <param name="elements">The FROM item of <see cref="SqlDialect.Elements"/>, aliased <paramref name="alias"/>.</param>
internal sealed class JsonArraySource(AttributeDefinition attribute, SqlDialect dialect, string elements, string alias)
    : CollectionSource(attribute, dialect)
{
    public override string Any(Func<ElementScope, string> condition)
    {
        var scope = Scope(sub => sub is null
            ? Dialect.Element(alias, Attribute)
            : Dialect.Json($"{alias}.value", [sub.Name], sub));
        return $"EXISTS (SELECT 1 FROM {elements} WHERE {condition(scope)})";
    }
}

/// <summary>
/// E-mail addresses and phone numbers in <c>resource_values</c> (value, type, primary), folded:
/// <c>emails[type eq "work"].value eq x</c> becomes an index look-up followed by a key look-up.
/// </summary>
internal sealed class ResourceValuesSource(AttributeDefinition attribute, SqlDialect dialect, string alias)
    : CollectionSource(attribute, dialect)
{
    public static readonly IReadOnlySet<string> IndexedSubAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "value", "type", "primary" };

    public override string Any(Func<ElementScope, string> condition)
    {
        var scope = Scope(sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => Dialect.Column($"{alias}.value_folded", sub, folded: true),
            "type" => Dialect.Column($"{alias}.value_type", sub, folded: true),
            "primary" => new SqlOperand($"{alias}.is_primary", sub, Folded: false, Indexed: false, SortableTimestamp: false, $"({alias}.is_primary IS NOT NULL)"),
            _ => null,
        });
        var name = Dialect.Parameter(Attribute.Name);
        // Uncorrelated IN rather than EXISTS: the engine then starts from the value index and looks
        // up the few matching resources by key, instead of probing every resource of the tenant.
        return $"r.id IN (SELECT {alias}.resource_id FROM resource_values {alias} " +
               $"WHERE {alias}.tenant = @tenant AND {alias}.attribute = {name} AND {condition(scope)})";
    }
}

/// <summary>A group's <c>members</c>, from <c>group_members</c>, with each member's current type and display.</summary>
internal sealed class GroupMembersSource(AttributeDefinition attribute, SqlDialect dialect, string alias)
    : CollectionSource(attribute, dialect)
{
    public override string Any(Func<ElementScope, string> condition)
    {
        var member = $"{alias}x";
        var scope = Scope(sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => Dialect.Column($"{alias}.member_id", sub),
            "type" => Dialect.Expression($"{member}.type", sub),
            "display" => Dialect.Expression($"COALESCE({member}.display_name_folded, {member}.user_name_folded)", sub, folded: true),
            _ => null,
        });
        return $"r.id IN (SELECT {alias}.group_id FROM group_members {alias} " +
               $"JOIN resources {member} ON {member}.tenant = {alias}.tenant AND {member}.id = {alias}.member_id " +
               $"WHERE {alias}.tenant = @tenant AND {condition(scope)})";
    }
}

/// <summary>
/// A user's <c>groups</c>: the groups it belongs to directly or through nested groups. Recursive
/// queries with UNION, so membership cycles terminate; each step is the dialect's
/// <see cref="SqlDialect.MembershipStep"/>, a key look-up per row found.
/// </summary>
internal sealed class UserGroupsSource(AttributeDefinition attribute, SqlDialect dialect, bool needsType, string alias)
    : CollectionSource(attribute, dialect)
{
    public override string Any(Func<ElementScope, string> condition)
    {
        var group = $"{alias}g";
        var link = $"{alias}m";
        if (!needsType)
        {
            // Start from the groups that match and walk down to their members: for
            // groups.value eq x this begins with one key look-up.
            var scope = Scope(sub => sub?.Name.ToLowerInvariant() switch
            {
                "value" => Dialect.Column($"{group}.id", sub),
                "display" => Dialect.Column($"{group}.display_name_folded", sub, folded: true),
                _ => null,
            });
            return Dialect.InRecursiveIds($"WITH RECURSIVE {alias}(id) AS (" +
                   $"SELECT {group}.id FROM resources {group} WHERE {group}.tenant = @tenant AND {group}.type = 'Group' AND {condition(scope)} " +
                   $"UNION SELECT {link}.member_id FROM {Dialect.MembershipStep(alias, link, "member_id", "group_id", "id", "@tenant")}" +
                   $") SELECT id FROM {alias}");
        }

        // "type" (direct or indirect) depends on the user, so walk up from each user.
        var direct = $"{alias}d";
        var typed = Scope(sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => Dialect.Column($"{alias}.gid", sub),
            "display" => Dialect.Column($"{group}.display_name_folded", sub, folded: true),
            "type" => Dialect.Expression(
                $"(CASE WHEN EXISTS (SELECT 1 FROM group_members {direct} WHERE {direct}.tenant = r.tenant AND {direct}.group_id = {alias}.gid AND {direct}.member_id = r.id) " +
                "THEN 'direct' ELSE 'indirect' END)", sub),
            _ => null,
        });
        return $"EXISTS (WITH RECURSIVE {alias}(gid) AS (" +
               $"SELECT {link}.group_id FROM group_members {link} WHERE {link}.tenant = r.tenant AND {link}.member_id = r.id " +
               $"UNION SELECT {link}.group_id FROM {Dialect.MembershipStep(alias, link, "group_id", "member_id", "gid", "r.tenant")}" +
               $") SELECT 1 FROM {alias} JOIN resources {group} ON {group}.tenant = r.tenant AND {group}.id = {alias}.gid WHERE {condition(typed)})";
    }
}
