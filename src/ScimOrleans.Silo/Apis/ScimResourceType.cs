using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Silo.Apis;

/// <summary>A SCIM resource type as the host serves it: its schema and the grain that writes it.</summary>
public sealed record ScimResourceType(ResourceSchema Schema, Func<IGrainFactory, string, IScimResourceGrain> Grain)
{
    public static readonly ScimResourceType User = new(ScimSchemas.UserResource, (grains, key) => grains.GetGrain<IUserGrain>(key));

    public static readonly ScimResourceType Group = new(ScimSchemas.GroupResource, (grains, key) => grains.GetGrain<IGroupGrain>(key));

    public static readonly IReadOnlyList<ScimResourceType> All = [User, Group];
}
