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

        // tenant "/" "v2" ["/" resource ["/" rest]], read in place: this runs for every request.
        var remaining = path.AsSpan("/scim/".Length);
        var tenant = NextSegment(ref remaining);
        if (tenant.Length == 0 || !NextSegment(ref remaining).Equals("v2", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var resource = Canonical(NextSegment(ref remaining));
        route = new ScimRoute(tenant.ToString(), resource, OperationOf(request.Method, resource, remaining.TrimEnd('/')));
        return true;
    }

    /// <summary>The text up to the next slash, leaving what follows that slash.</summary>
    private static ReadOnlySpan<char> NextSegment(ref ReadOnlySpan<char> remaining)
    {
        var slash = remaining.IndexOf('/');
        var segment = slash < 0 ? remaining : remaining[..slash];
        remaining = slash < 0 ? [] : remaining[(slash + 1)..];
        return segment;
    }

    private static string Canonical(ReadOnlySpan<char> segment)
    {
        foreach (var resource in Resources)
        {
            if (segment.Equals(resource, StringComparison.OrdinalIgnoreCase))
            {
                return resource;
            }
        }

        return UnknownResource;
    }

    private static string OperationOf(string method, string resource, ReadOnlySpan<char> rest)
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
        return method switch
        {
            _ when HttpMethods.IsGet(method) => one ? "get" : resource is "Users" or "Groups" ? "list" : "discover",
            _ when HttpMethods.IsPost(method) => one ? "other" : "create",
            _ when HttpMethods.IsPut(method) => "replace",
            _ when HttpMethods.IsPatch(method) => "patch",
            _ when HttpMethods.IsDelete(method) => "delete",
            _ => "other",
        };
    }
}
