using ScimOrleans.Abstractions;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Apis;

/// <summary>A SCIM resource type as the host serves it: its name, endpoint and the grain that writes it.</summary>
public sealed record ScimResourceType(string Name, string Endpoint, Func<IGrainFactory, string, IScimResourceGrain> Grain)
{
    public static readonly ScimResourceType User = new(ResourceTypeNames.User, "/Users", (grains, key) => grains.GetGrain<IUserGrain>(key));

    public static readonly ScimResourceType Group = new(ResourceTypeNames.Group, "/Groups", (grains, key) => grains.GetGrain<IGroupGrain>(key));

    public static readonly IReadOnlyList<ScimResourceType> All = [User, Group];

    /// <summary>
    /// Creates a resource of this type under a new id, without activating its grain. The id is
    /// time-ordered (UUID version 7): consecutive creates then land next to each other in every
    /// index keyed by id (resources, values, memberships, activity), so a batch of them dirties a
    /// few pages at the end of each index rather than one random page per row.
    /// </summary>
    public Task<ResourceWriteResult> Create(IGrainFactory grains, string tenant, string resourceJson, ScimCaller caller) =>
        grains.GetGrain<IResourceCreatorGrain>(0).Create(ResourceKey.For(tenant, Guid.CreateVersion7().ToString()), Name, resourceJson, caller);
}
