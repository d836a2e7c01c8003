using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Resources;

public sealed class GroupGrain(IResourceStore store, TenantSettingsCache tenants, TimeProvider time)
    : ScimResourceGrain(store, tenants, time), IGroupGrain
{
    protected override string ResourceType => ResourceTypeNames.Group;
}
