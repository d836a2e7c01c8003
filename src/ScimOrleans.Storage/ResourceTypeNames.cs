namespace ScimOrleans.Storage;

/// <summary>The resource types the store holds (<c>meta.resourceType</c>).</summary>
public static class ResourceTypeNames
{
    public const string User = "User";
    public const string Group = "Group";
}
