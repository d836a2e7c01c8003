namespace ScimOrleans.Scim.Filters;

/// <summary>The parsed form of a SCIM filter (RFC 7644 §3.4.2.2).</summary>
public abstract record FilterNode;

/// <summary><c>attrPath op value</c>. <see cref="Value"/> is a string, bool, decimal or null.</summary>
public sealed record ComparisonFilter(AttributePath Path, ComparisonOperator Operator, object? Value) : FilterNode;

/// <summary><c>attrPath pr</c>.</summary>
public sealed record PresentFilter(AttributePath Path) : FilterNode;

public sealed record AndFilter(FilterNode Left, FilterNode Right) : FilterNode;

public sealed record OrFilter(FilterNode Left, FilterNode Right) : FilterNode;

public sealed record NotFilter(FilterNode Inner) : FilterNode;

/// <summary>
/// <c>attrPath[valFilter]</c>: true when one value of the multi-valued (or complex) attribute
/// matches <see cref="Inner"/>, whose paths name sub-attributes of <see cref="Path"/>.
/// Entra's <c>emails[type eq "work"].value eq "x"</c> is parsed into this shape with the
/// trailing comparison folded into <see cref="Inner"/> by <c>and</c>.
/// </summary>
public sealed record ValuePathFilter(AttributePath Path, FilterNode Inner) : FilterNode;
