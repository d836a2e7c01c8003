namespace ScimOrleans.Silo.Telemetry;

/// <summary>
/// What a request under <c>/scim/{tenant}/v2</c> asks for, read from its method and path, so it
/// is known even for requests that never reach an endpoint (401, 404, 429). Resource names come
/// from a fixed list, so a made-up path cannot add a metric series.
/// </summary>
public readonly record struct ScimRoute(string Tenant, string Resource, string Operation)
{
    public const string UnknownResource = "_unknown";

    private static readonly string[] Resources =
        ["Users", "Groups", "Bulk", "Me", "ServiceProviderConfig", "ResourceTypes", "Schemas", ".search"];

    /// <summary>True when a create, replace, patch or delete of one resource.</summary>
    public bool IsWrite => Operation is "create" or "replace" or "patch" or "delete";

    public static bool TryParse(HttpRequest request, out ScimRoute route)
    {
        route = default;
        var path = request.Path.Value;
        if (path is null || !path.StartsWith("/scim/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // "", "scim", tenant, "v2", resource, rest...
        var segments = path.Split('/', 6);
        if (segments.Length < 4 || !segments[3].Equals("v2", StringComparison.OrdinalIgnoreCase) || segments[2].Length == 0)
        {
            return false;
        }

        var resource = segments.Length > 4 ? Canonical(segments[4]) : UnknownResource;
        var rest = segments.Length > 5 ? segments[5].TrimEnd('/') : "";
        route = new ScimRoute(segments[2], resource, OperationOf(request.Method, resource, rest));
        return true;
    }

    private static string Canonical(string segment)
    {
        foreach (var resource in Resources)
        {
            if (resource.Equals(segment, StringComparison.OrdinalIgnoreCase))
            {
                return resource;
            }
        }

        return UnknownResource;
    }

    private static string OperationOf(string method, string resource, string rest)
    {
        if (resource == ".search" || rest.Equals(".search", StringComparison.OrdinalIgnoreCase))
        {
            return "search";
        }

        if (resource == "Bulk")
        {
            return "bulk";
        }

        var one = rest.Length > 0;
        return method.ToUpperInvariant() switch
        {
            "GET" => one ? "get" : resource is "Users" or "Groups" ? "list" : "discover",
            "POST" => one ? "other" : "create",
            "PUT" => "replace",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "other",
        };
    }
}
