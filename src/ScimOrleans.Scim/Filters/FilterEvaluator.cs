using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Filters;

/// <summary>
/// Evaluates a filter against resources held in memory. A multi-valued attribute matches when
/// any of its values matches (RFC 7644 §3.4.2.2); null, an absent attribute and an empty array
/// are the same state (RFC 7643 §2.5).
/// </summary>
public static class FilterEvaluator
{
    /// <summary>True when <paramref name="resource"/> matches. Unknown attributes are 400 <c>invalidFilter</c>.</summary>
    public static bool Matches(FilterNode filter, JsonObject resource, ResourceSchema schema)
    {
        FilterValidator.Validate(filter, schema);
        return Evaluate(filter, path => SelectFromResource(resource, schema, path));
    }

    /// <summary>Validates once and returns a predicate for filtering many resources.</summary>
    public static Func<JsonObject, bool> Compile(FilterNode filter, ResourceSchema schema)
    {
        FilterValidator.Validate(filter, schema);
        return resource => Evaluate(filter, path => SelectFromResource(resource, schema, path));
    }

    /// <summary>
    /// True when one value of a multi-valued complex attribute (an element of e.g. <c>emails</c>)
    /// matches a value filter whose paths name sub-attributes of <paramref name="parent"/>.
    /// </summary>
    public static bool MatchesValue(FilterNode filter, JsonNode? element, AttributeDefinition parent)
    {
        FilterValidator.ValidateValueFilter(filter, parent);
        return Evaluate(filter, path => SelectFromElement(element, parent, path));
    }

    /// <summary>The definition of what a path names and its non-null values, arrays flattened.</summary>
    private readonly record struct Selection(AttributeDefinition Attribute, List<JsonNode> Values);

    private static bool Evaluate(FilterNode filter, Func<AttributePath, Selection> select) => filter switch
    {
        AndFilter and => Evaluate(and.Left, select) && Evaluate(and.Right, select),
        OrFilter or => Evaluate(or.Left, select) || Evaluate(or.Right, select),
        NotFilter not => !Evaluate(not.Inner, select),
        PresentFilter present => select(present.Path).Values.Exists(IsPresent),
        ComparisonFilter comparison => Compare(comparison, select(comparison.Path)),
        ValuePathFilter valuePath => select(valuePath.Path) is var parent
            && parent.Values.Exists(element => Evaluate(valuePath.Inner, path => SelectFromElement(element, parent.Attribute, path))),
        _ => throw ScimException.InvalidFilter($"Unsupported filter node {filter.GetType().Name}."),
    };

    private static bool Compare(ComparisonFilter comparison, Selection selection)
    {
        var attribute = FilterValidator.ComparedAttribute(comparison.Path, selection.Attribute);
        var values = ReferenceEquals(attribute, selection.Attribute)
            ? selection.Values
            : [.. selection.Values.SelectMany(v => v is JsonObject element ? Flatten(JsonProperties.Find(element, attribute.Name)) : [])];

        // "eq null" asks for the unassigned state, which RFC 7643 §2.5 equates with null and [].
        if (comparison.Value is null)
        {
            return comparison.Operator switch
            {
                ComparisonOperator.Equal => !values.Exists(IsPresent),
                ComparisonOperator.NotEqual => values.Exists(IsPresent),
                _ => false,
            };
        }

        // An absent attribute is not equal to any value, so "ne" matches it.
        if (values.Count == 0)
        {
            return comparison.Operator == ComparisonOperator.NotEqual;
        }

        return values.Exists(value => FilterValueComparer.Matches(value, attribute, comparison.Operator, comparison.Value));
    }

    private static Selection SelectFromResource(JsonObject resource, ResourceSchema schema, AttributePath path)
    {
        var resolved = schema.Resolve(path, ScimErrorTypes.InvalidFilter);
        var container = resolved.IsExtension ? JsonProperties.Find(resource, resolved.Schema.Id) as JsonObject : resource;
        var values = container is null ? [] : Flatten(JsonProperties.Find(container, resolved.Attribute.Name));
        if (resolved.SubAttribute is { } sub)
        {
            values = [.. values.SelectMany(v => v is JsonObject element ? Flatten(JsonProperties.Find(element, sub.Name)) : [])];
        }

        return new Selection(resolved.Leaf, values);
    }

    private static Selection SelectFromElement(JsonNode? element, AttributeDefinition parent, AttributePath path)
    {
        var sub = FilterValidator.ResolveSubAttribute(path, parent);
        var values = element is JsonObject obj ? Flatten(JsonProperties.Find(obj, sub.Name)) : [];
        return new Selection(sub, values);
    }

    private static List<JsonNode> Flatten(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.SelectMany(Flatten)],
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Null => [],
        _ => [node],
    };

    /// <summary>RFC 7644 "pr": a non-empty value, or a complex value with a non-empty member.</summary>
    private static bool IsPresent(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Any(IsPresent),
        JsonObject obj => obj.Any(member => IsPresent(member.Value)),
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Null => false,
            System.Text.Json.JsonValueKind.String => FilterValueComparer.TryGetString(value, out var text) && text.Length > 0,
            _ => true,
        },
        _ => false,
    };
}
