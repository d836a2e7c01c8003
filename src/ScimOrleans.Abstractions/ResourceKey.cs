namespace ScimOrleans.Abstractions;

/// <summary>The string key of a resource grain: "{tenant}/{id}". Tenant ids never contain '/'.</summary>
public static class ResourceKey
{
    public static string For(string tenant, string id) => $"{tenant}/{id}";

    public static (string Tenant, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/');
        return slash <= 0
            ? throw new ArgumentException($"'{key}' is not a resource key.", nameof(key))
            : (key[..slash], key[(slash + 1)..]);
    }
}
