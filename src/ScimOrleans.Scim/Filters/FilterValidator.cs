using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Filters;

/// <summary>
/// Checks a parsed filter against a resource type before it is evaluated or translated, so
/// that every consumer rejects the same filters with 400 <c>invalidFilter</c>.
/// </summary>
public static class FilterValidator
{
    /// <summary>Throws 400 <c>invalidFilter</c> when <paramref name="filter"/> does not fit <paramref name="schema"/>.</summary>
    public static void Validate(FilterNode filter, ResourceSchema schema) =>
        Walk(filter, path => (schema.TryResolve(path)
            ?? throw ScimException.InvalidFilter($"'{path}' is not an attribute of {schema.Name}.")).Leaf);

    /// <summary>Like <see cref="Validate"/> for a value filter whose paths name sub-attributes of <paramref name="parent"/>.</summary>
    public static void ValidateValueFilter(FilterNode filter, AttributeDefinition parent) =>
        Walk(filter, path => ResolveSubAttribute(path, parent));

    /// <summary>
    /// The attribute a comparison actually compares: a complex attribute such as <c>emails</c>
    /// compares its <c>value</c> sub-attribute (<c>emails co "@example.com"</c>).
    /// </summary>
    internal static AttributeDefinition ComparedAttribute(AttributePath path, AttributeDefinition attribute) =>
        attribute.Type != AttributeType.Complex
            ? attribute
            : attribute.FindSubAttribute("value")
                ?? throw ScimException.InvalidFilter($"'{path}' is complex and has no 'value'; compare one of its sub-attributes.");

    internal static AttributeDefinition ResolveSubAttribute(AttributePath path, AttributeDefinition parent) =>
        path is { SchemaUrn: null, SubAttribute: null } && parent.FindSubAttribute(path.Name) is { } sub
            ? sub
            : throw ScimException.InvalidFilter($"'{path}' is not a sub-attribute of '{parent.Name}'.");

    private static void Walk(FilterNode filter, Func<AttributePath, AttributeDefinition> resolve)
    {
        switch (filter)
        {
            case AndFilter and:
                Walk(and.Left, resolve);
                Walk(and.Right, resolve);
                break;
            case OrFilter or:
                Walk(or.Left, resolve);
                Walk(or.Right, resolve);
                break;
            case NotFilter not:
                Walk(not.Inner, resolve);
                break;
            case PresentFilter present:
                resolve(present.Path);
                break;
            case ComparisonFilter comparison:
                CheckOperator(comparison, ComparedAttribute(comparison.Path, resolve(comparison.Path)));
                break;
            case ValuePathFilter valuePath:
                var parent = resolve(valuePath.Path);
                if (parent.Type != AttributeType.Complex)
                {
                    throw ScimException.InvalidFilter($"'{valuePath.Path}' is not complex, so it cannot take a value filter '[...]'.");
                }

                Walk(valuePath.Inner, path => ResolveSubAttribute(path, parent));
                break;
            default:
                throw ScimException.InvalidFilter($"Unsupported filter node {filter.GetType().Name}.");
        }
    }

    private static void CheckOperator(ComparisonFilter comparison, AttributeDefinition attribute)
    {
        var op = comparison.Operator;
        if (IsOrdering(op) && attribute.Type is AttributeType.Boolean or AttributeType.Binary or AttributeType.Complex)
        {
            throw ScimException.InvalidFilter($"'{Name(op)}' cannot compare '{comparison.Path}', which is {attribute.Type.ToString().ToLowerInvariant()}.");
        }

        if (IsSubstring(op) && attribute.Type is not (AttributeType.String or AttributeType.Reference or AttributeType.Binary))
        {
            throw ScimException.InvalidFilter($"'{Name(op)}' needs a string attribute, but '{comparison.Path}' is {attribute.Type.ToString().ToLowerInvariant()}.");
        }
    }

    private static bool IsOrdering(ComparisonOperator op) => op is ComparisonOperator.GreaterThan or ComparisonOperator.GreaterThanOrEqual
        or ComparisonOperator.LessThan or ComparisonOperator.LessThanOrEqual;

    private static bool IsSubstring(ComparisonOperator op) => op is ComparisonOperator.Contains or ComparisonOperator.StartsWith
        or ComparisonOperator.EndsWith;

    private static string Name(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "eq",
        ComparisonOperator.NotEqual => "ne",
        ComparisonOperator.Contains => "co",
        ComparisonOperator.StartsWith => "sw",
        ComparisonOperator.EndsWith => "ew",
        ComparisonOperator.GreaterThan => "gt",
        ComparisonOperator.GreaterThanOrEqual => "ge",
        ComparisonOperator.LessThan => "lt",
        _ => "le",
    };
}
