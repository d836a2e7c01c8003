using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage;

/// <summary>
/// The engine-neutral rules both SQL filter translators (SQLite, PostgreSQL) apply to a filter
/// tree before any SQL is written: which sub-attribute a path inside <c>attr[...]</c> names,
/// which sub-attributes a value filter uses, which attributes are derived from memberships,
/// and which values a numeric comparison accepts. One place, so the engines cannot drift apart.
/// </summary>
internal static class FilterShape
{
    /// <summary>
    /// The sub-attribute a path inside <c>parent[...]</c> names, written bare ("type") as RFC 7644
    /// §3.4.2.2 has it; the in-memory evaluator refuses qualified forms too, so both agree.
    /// </summary>
    public static AttributeDefinition SubAttribute(AttributeDefinition parent, AttributePath path)
    {
        if (path.SchemaUrn is not null || path.SubAttribute is not null)
        {
            throw ScimException.InvalidFilter($"'{path}' is not a sub-attribute of '{parent.Name}'.");
        }

        return parent.FindSubAttribute(path.Name)
            ?? throw ScimException.InvalidFilter($"'{path.Name}' is not a sub-attribute of '{parent.Name}'.");
    }

    /// <summary>Adds the names of the sub-attributes a value filter reads to <paramref name="used"/>.</summary>
    public static void CollectSubAttributes(FilterNode filter, AttributeDefinition parent, HashSet<string> used)
    {
        switch (filter)
        {
            case AndFilter and:
                CollectSubAttributes(and.Left, parent, used);
                CollectSubAttributes(and.Right, parent, used);
                break;
            case OrFilter or:
                CollectSubAttributes(or.Left, parent, used);
                CollectSubAttributes(or.Right, parent, used);
                break;
            case NotFilter not:
                CollectSubAttributes(not.Inner, parent, used);
                break;
            case PresentFilter present:
                used.Add(SubAttribute(parent, present.Path).Name);
                break;
            case ComparisonFilter comparison:
                used.Add(SubAttribute(parent, comparison.Path).Name);
                break;
            default:
                throw ScimException.InvalidFilter("A value filter cannot contain another value filter.");
        }
    }

    /// <summary>A user's <c>groups</c> or a group's <c>members</c>: derived from memberships, not in the document.</summary>
    public static bool IsRelation(ResourceSchema schema, ResolvedAttribute resolved) =>
        !resolved.IsExtension
        && (schema.Core.Id == SchemaUrns.User && resolved.Attribute.Name == "groups"
            || schema.Core.Id == SchemaUrns.Group && resolved.Attribute.Name == "members");

    /// <summary>The resolved path of a filter or sort, or 400 <c>invalidFilter</c>.</summary>
    public static ResolvedAttribute Resolve(ResourceSchema schema, AttributePath path) =>
        schema.TryResolve(path) ?? throw ScimException.InvalidFilter($"'{path}' is not an attribute of {schema.Name}.");

    /// <summary>The resolved sortBy attribute, or 400 <c>invalidValue</c> when it names none or a complex one.</summary>
    public static ResolvedAttribute ResolveSortBy(ResourceSchema schema, AttributePath sortBy)
    {
        var resolved = schema.TryResolve(sortBy)
            ?? throw ScimException.InvalidValue($"sortBy '{sortBy}' is not an attribute of {schema.Name}.");
        if (!resolved.Attribute.MultiValued && resolved.Leaf.Type == AttributeType.Complex)
        {
            throw ScimException.InvalidValue($"sortBy '{sortBy}' names a complex attribute; name one of its sub-attributes.");
        }

        return resolved;
    }

    /// <summary>The keys from the document's root to the attribute: extension URN, name, sub-attribute.</summary>
    public static List<string> KeysOf(ResolvedAttribute resolved)
    {
        var keys = new List<string>(3);
        if (resolved.IsExtension)
        {
            keys.Add(resolved.Schema.Id);
        }

        keys.Add(resolved.Attribute.Name);
        if (resolved.SubAttribute is { } sub)
        {
            keys.Add(sub.Name);
        }

        return keys;
    }

    /// <summary>A filter value compared with a numeric attribute, or 400 <c>invalidFilter</c>.</summary>
    public static decimal Number(AttributeDefinition attribute, object value)
    {
        try
        {
            return value switch
            {
                decimal d => d,
                double d => (decimal)d,
                float f => (decimal)f,
                int i => i,
                long l => l,
                _ => throw ScimException.InvalidFilter($"'{attribute.Name}' is numeric; compare it with a number."),
            };
        }
        catch (OverflowException)
        {
            throw ScimException.InvalidFilter($"'{value}' is out of range for '{attribute.Name}'.");
        }
    }
}
