using System.Text.Json.Nodes;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Patch;

/// <summary>
/// Entra ID sends <c>replace emails[type eq "work"].value</c> (and <c>add</c>) to a user that has
/// no work email yet and expects it to be created, although RFC 7644 §3.5.2.3 calls that
/// <c>noTarget</c>. When the filter is only <c>eq</c> comparisons joined by <c>and</c>, the new
/// value is fully described by it, so the element is created from those comparisons.
/// </summary>
internal static class ValueFilterUpsert
{
    public static bool TryCreateElement(FilterNode filter, AttributeDefinition attribute, out JsonObject element)
    {
        element = [];
        return Collect(filter, attribute, element);
    }

    private static bool Collect(FilterNode filter, AttributeDefinition attribute, JsonObject element) => filter switch
    {
        AndFilter and => Collect(and.Left, attribute, element) && Collect(and.Right, attribute, element),
        ComparisonFilter { Operator: ComparisonOperator.Equal, Value: not null } comparison
            when SubAttributeOf(comparison.Path, attribute) is { } sub && !element.ContainsKey(sub.Name) =>
            Assign(element, sub.Name, comparison.Value),
        _ => false,
    };

    private static AttributeDefinition? SubAttributeOf(AttributePath path, AttributeDefinition attribute)
    {
        if (path.SubAttribute is null)
        {
            return attribute.FindSubAttribute(path.Name);
        }

        return string.Equals(path.Name, attribute.Name, StringComparison.OrdinalIgnoreCase)
            ? attribute.FindSubAttribute(path.SubAttribute)
            : null;
    }

    private static bool Assign(JsonObject element, string name, object value)
    {
        element[name] = value switch
        {
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            decimal d => JsonValue.Create(d),
            _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
        return true;
    }
}
