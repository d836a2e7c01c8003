using ScimOrleans.Scim.Errors;

namespace ScimOrleans.Scim.Filters;

/// <summary>Parses RFC 7644 §3.4.2.2 filters into <see cref="FilterNode"/> trees.</summary>
public static class FilterParser
{
    /// <summary>Throws <see cref="ScimException"/> 400 <c>invalidFilter</c> on any error.</summary>
    public static FilterNode Parse(string text) => throw ScimException.InvalidFilter("Filters are not supported yet: " + text);
}
