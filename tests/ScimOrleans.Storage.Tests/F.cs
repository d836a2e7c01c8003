using ScimOrleans.Scim.Filters;

namespace ScimOrleans.Storage.Tests;

/// <summary>Filter trees built by hand, so these tests do not depend on the parser.</summary>
public static class F
{
    public static AttributePath P(string name, string? sub = null, string? urn = null) => new(urn, name, sub);

    public static AttributePath Path(string dotted)
    {
        var dot = dotted.IndexOf('.');
        return dot < 0 ? new AttributePath(null, dotted, null) : new AttributePath(null, dotted[..dot], dotted[(dot + 1)..]);
    }

    public static FilterNode Eq(string path, object? value) => new ComparisonFilter(Path(path), ComparisonOperator.Equal, value);

    public static FilterNode Op(string path, ComparisonOperator op, object? value) => new ComparisonFilter(Path(path), op, value);

    public static FilterNode Pr(string path) => new PresentFilter(Path(path));

    public static FilterNode And(FilterNode left, FilterNode right) => new AndFilter(left, right);

    public static FilterNode Or(FilterNode left, FilterNode right) => new OrFilter(left, right);

    public static FilterNode Not(FilterNode inner) => new NotFilter(inner);

    public static FilterNode Where(string attribute, FilterNode inner) => new ValuePathFilter(Path(attribute), inner);
}
