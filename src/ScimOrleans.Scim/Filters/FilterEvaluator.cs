using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Filters;

/// <summary>Evaluates a filter against resources held in memory.</summary>
public static class FilterEvaluator
{
    /// <summary>True when <paramref name="resource"/> matches. Unknown attributes are 400 <c>invalidFilter</c>.</summary>
    public static bool Matches(FilterNode filter, JsonObject resource, ResourceSchema schema) =>
        throw ScimException.InvalidFilter($"Not supported yet: {filter} {resource} {schema.Name}");

    /// <summary>
    /// True when one value of a multi-valued complex attribute (an element of e.g. <c>emails</c>)
    /// matches a value filter whose paths name sub-attributes of <paramref name="parent"/>.
    /// </summary>
    public static bool MatchesValue(FilterNode filter, JsonNode? element, AttributeDefinition parent) =>
        throw ScimException.InvalidFilter($"Not supported yet: {filter} {element} {parent.Name}");
}
