using ScimOrleans.Abstractions;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Apis;

/// <summary>A SCIM resource type as the host serves it: its name, endpoint and the grain that writes it.</summary>
public sealed record ScimResourceType(string Name, string Endpoint, Func<IGrainFactory, string, IScimResourceGrain> Grain)
{
    public static readonly ScimResourceType User = new(ResourceTypeNames.User, "/Users", (grains, key) => grains.GetGrain<IUserGrain>(key));

    public static readonly ScimResourceType Group = new(ResourceTypeNames.Group, "/Groups", (grains, key) => grains.GetGrain<IGroupGrain>(key));

    public static readonly IReadOnlyList<ScimResourceType> All = [User, Group];
}
