using ScimOrleans.Abstractions;

namespace ScimOrleans.Silo.Admin;

/// <summary>404 problem for a tenant that does not exist, on every <c>/tenants/{tenant}</c> route.</summary>
public sealed class AdminTenantExistsFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetRouteValue("tenant") as string;
        if (!TenantId.IsValid(tenant) || !await grains.GetGrain<ITenantGrain>(tenant!).Exists())
        {
            return AdminProblems.NotFound($"Tenant '{tenant}' not found.");
        }

        return await next(context);
    }
}
