using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains;

public sealed class UserGrain(IResourceStore store) : ScimResourceGrain(store), IUserGrain
{
    protected override ResourceSchema Schema => ScimSchemas.UserResource;
}
