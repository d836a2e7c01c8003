namespace ScimOrleans.Scim.Filters;

/// <summary>
/// A parsed PATCH <c>path</c>. For <c>emails[type eq "work"].value</c>: <see cref="Attribute"/>
/// is <c>emails</c>, <see cref="ValueFilter"/> is <c>type eq "work"</c> (its paths name
/// sub-attributes of <c>emails</c>) and <see cref="SubAttribute"/> is <c>value</c>. Without a
/// value filter the sub-attribute stays in <see cref="Attribute"/> (<c>name.givenName</c>).
/// </summary>
public sealed record PathExpression(AttributePath Attribute, FilterNode? ValueFilter, string? SubAttribute);
