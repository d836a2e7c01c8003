using ScimOrleans.Abstractions;
using ScimOrleans.Grains.Tenants;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains.Resources;

public sealed class UserGrain(IResourceStore store, TenantSettingsCache tenants, TimeProvider time)
    : ScimResourceGrain(store, tenants, time), IUserGrain
{
    protected override string ResourceType => ResourceTypeNames.User;
}
