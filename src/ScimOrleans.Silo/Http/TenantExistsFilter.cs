using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Http;

/// <summary>404 for a tenant that does not exist, on endpoints that need no token.</summary>
public sealed class TenantExistsFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetRouteValue("tenant") as string;
        if (!TenantId.IsValid(tenant) || !await grains.GetGrain<ITenantGrain>(tenant!).Exists())
        {
            return ScimResults.Error(404, null, $"Tenant '{tenant}' not found.");
        }

        return await next(context);
    }
}
