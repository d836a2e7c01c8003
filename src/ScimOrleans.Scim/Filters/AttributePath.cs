namespace ScimOrleans.Scim.Filters;

/// <summary>
/// An attribute reference as written in a filter, a PATCH path, <c>sortBy</c> or
/// <c>attributes</c>: optional schema URN, attribute name, optional sub-attribute.
/// An empty <see cref="Name"/> with a URN names a whole extension.
/// </summary>
public sealed record AttributePath(string? SchemaUrn, string Name, string? SubAttribute)
{
    public override string ToString()
    {
        var local = SubAttribute is null ? Name : $"{Name}.{SubAttribute}";
        return SchemaUrn is null ? local : local.Length == 0 ? SchemaUrn : $"{SchemaUrn}:{local}";
    }
}
