using Orleans.Concurrency;
using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Resources;

/// <summary>
/// Creates resources on the silo that receives the request, many at once: it keeps no state,
/// so it is a reentrant stateless worker.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class ResourceCreatorGrain(IResourceStore store, TenantSettingsCache tenants, TimeProvider time)
    : Grain, IResourceCreatorGrain
{
    public async Task<ResourceWriteResult> Create(string resourceKey, string resourceType, string resourceJson, ScimCaller caller)
    {
        if (resourceType is not (ResourceTypeNames.User or ResourceTypeNames.Group))
        {
            throw new ArgumentException($"'{resourceType}' is not a resource type.", nameof(resourceType));
        }

        var (tenant, id) = ResourceKey.Parse(resourceKey);
        var scope = new ResourceScope(store, tenants, time, GrainFactory, tenant, resourceType, id);
        return (await scope.CreateAsync(resourceJson, caller)).Result;
    }
}
