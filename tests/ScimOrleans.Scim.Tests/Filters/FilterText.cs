using System.Globalization;
using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Scim.Tests.Filters;

/// <summary>Prints a filter tree as an S-expression so parser expectations fit in [InlineData].</summary>
internal static class FilterText
{
    public static string Of(FilterNode node) => node switch
    {
        AndFilter and => $"(and {Of(and.Left)} {Of(and.Right)})",
        OrFilter or => $"(or {Of(or.Left)} {Of(or.Right)})",
        NotFilter not => $"(not {Of(not.Inner)})",
        PresentFilter present => $"(pr {present.Path})",
        ComparisonFilter comparison => $"({Operator(comparison.Operator)} {comparison.Path} {Literal(comparison.Value)})",
        ValuePathFilter valuePath => $"({valuePath.Path}[] {Of(valuePath.Inner)})",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static string Operator(ComparisonOperator op) => op switch
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

    private static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        decimal d => "#" + d.ToString(CultureInfo.InvariantCulture),
        string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}
