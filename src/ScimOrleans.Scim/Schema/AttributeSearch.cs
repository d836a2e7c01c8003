namespace ScimOrleans.Scim.Schema;

/// <summary>
/// The first attribute of a name in a list, case-insensitively. A loop rather than a LINQ search
/// with a capturing lambda: it runs for every attribute of every resource read or written.
/// </summary>
internal static class AttributeSearch
{
    public static AttributeDefinition? ByName(IReadOnlyList<AttributeDefinition> attributes, string name)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (string.Equals(attributes[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return attributes[i];
            }
        }

        return null;
    }
}
