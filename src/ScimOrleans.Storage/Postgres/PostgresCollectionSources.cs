using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Postgres;

/// <summary>
/// Where the values of a multi-valued attribute live for a query: the jsonb document, the
/// indexed value table, or the membership table. Each turns "some element satisfies the
/// condition" into SQL over resources aliased <c>r</c> (tenant parameter <c>@tenant</c>).
/// </summary>
internal abstract class PostgresCollectionSource(AttributeDefinition attribute)
{
    public AttributeDefinition Attribute => attribute;

    /// <summary>SQL that is true when some element satisfies the condition built against the element.</summary>
    public abstract string Any(Func<PostgresElementScope, string> condition);
}

/// <summary>Elements read from the document with <c>jsonb_array_elements</c>: works for every attribute, indexes none.</summary>
internal sealed class PostgresJsonArraySource(AttributeDefinition attribute, string arrayPath, PostgresParameters parameters, string alias)
    : PostgresCollectionSource(attribute)
{
    public override string Any(Func<PostgresElementScope, string> condition)
    {
        var scope = new PostgresElementScope(Attribute, sub => sub is null
            ? PostgresOperand.Json($"{alias}.value", "'{}'::text[]", Attribute)
            : PostgresOperand.Json($"{alias}.value", parameters.Path([sub.Name]), sub));
        return $"EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(r.doc #> {arrayPath}) = 'array' THEN r.doc #> {arrayPath} END) " +
               $"AS {alias}(value) WHERE {condition(scope)})";
    }
}

/// <summary>
/// E-mail addresses and phone numbers in <c>resource_values</c> (value, type, primary), folded:
/// <c>emails[type eq "work"].value eq x</c> becomes an index look-up followed by a key look-up.
/// </summary>
internal sealed class PostgresResourceValuesSource(AttributeDefinition attribute, PostgresParameters parameters, string alias)
    : PostgresCollectionSource(attribute)
{
    public static readonly IReadOnlySet<string> IndexedSubAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "value", "type", "primary" };

    public override string Any(Func<PostgresElementScope, string> condition)
    {
        var scope = new PostgresElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => PostgresOperand.Column($"{alias}.value_folded", sub, folded: true),
            "type" => PostgresOperand.Column($"{alias}.value_type", sub, folded: true),
            "primary" => PostgresOperand.Expression($"{alias}.is_primary", sub),
            _ => null,
        });
        var name = parameters.Add(Attribute.Name);
        return $"r.id IN (SELECT {alias}.resource_id FROM resource_values {alias} " +
               $"WHERE {alias}.tenant = @tenant AND {alias}.attribute = {name} AND {condition(scope)})";
    }
}

/// <summary>A group's <c>members</c>, from <c>group_members</c>, with each member's current type and display.</summary>
internal sealed class PostgresGroupMembersSource(AttributeDefinition attribute, string alias) : PostgresCollectionSource(attribute)
{
    public override string Any(Func<PostgresElementScope, string> condition)
    {
        var member = $"{alias}x";
        var scope = new PostgresElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => PostgresOperand.Column($"{alias}.member_id", sub),
            "type" => PostgresOperand.Expression($"{member}.type", sub),
            "display" => PostgresOperand.Expression($"COALESCE({member}.display_name_folded, {member}.user_name_folded)", sub, folded: true),
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
internal sealed class PostgresUserGroupsSource(AttributeDefinition attribute, bool needsType, string alias) : PostgresCollectionSource(attribute)
{
    public override string Any(Func<PostgresElementScope, string> condition)
    {
        var group = $"{alias}g";
        var link = $"{alias}m";
        if (!needsType)
        {
            // Start from the groups that match and walk down to their members: for
            // groups.value eq x this begins with one key look-up.
            var scope = new PostgresElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
            {
                "value" => PostgresOperand.Column($"{group}.id", sub),
                "display" => PostgresOperand.Column($"{group}.display_name_folded", sub, folded: true),
                _ => null,
            });
            // The ids are collected once (an InitPlan) into an array, so the outer query looks the
            // few members up by key: PostgreSQL guesses a recursive query's size far too high
            // and would otherwise walk the whole tenant. OFFSET 0 keeps each step of the
            // recursion a key look-up per group found, instead of a scan of every membership.
            return $"r.id = ANY (ARRAY(WITH RECURSIVE {alias}(id) AS (" +
                   $"SELECT {group}.id FROM resources {group} WHERE {group}.tenant = @tenant AND {group}.type = 'Group' AND {condition(scope)} " +
                   $"UNION SELECT {link}.member_id FROM {alias} CROSS JOIN LATERAL (SELECT {link}.member_id FROM group_members {link} " +
                   $"WHERE {link}.tenant = @tenant AND {link}.group_id = {alias}.id OFFSET 0) {link}" +
                   $") SELECT id FROM {alias}))";
        }

        // "type" (direct or indirect) depends on the user, so walk up from each user.
        var direct = $"{alias}d";
        var typed = new PostgresElementScope(Attribute, sub => sub?.Name.ToLowerInvariant() switch
        {
            "value" => PostgresOperand.Column($"{alias}.gid", sub),
            "display" => PostgresOperand.Column($"{group}.display_name_folded", sub, folded: true),
            "type" => PostgresOperand.Expression(
                $"(CASE WHEN EXISTS (SELECT 1 FROM group_members {direct} WHERE {direct}.tenant = r.tenant AND {direct}.group_id = {alias}.gid AND {direct}.member_id = r.id) " +
                "THEN 'direct' ELSE 'indirect' END)", sub),
            _ => null,
        });
        return $"EXISTS (WITH RECURSIVE {alias}(gid) AS (" +
               $"SELECT {link}.group_id FROM group_members {link} WHERE {link}.tenant = r.tenant AND {link}.member_id = r.id " +
               $"UNION SELECT {link}.group_id FROM {alias} CROSS JOIN LATERAL (SELECT {link}.group_id FROM group_members {link} " +
               $"WHERE {link}.tenant = r.tenant AND {link}.member_id = {alias}.gid OFFSET 0) {link}" +
               $") SELECT 1 FROM {alias} JOIN resources {group} ON {group}.tenant = r.tenant AND {group}.id = {alias}.gid WHERE {condition(typed)})";
    }
}
