namespace ScimOrleans.Storage;

public static class ResourceVersion
{
    public static string ToETag(long version) => $"W/\"{version}\"";
}
