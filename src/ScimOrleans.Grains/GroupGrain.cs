using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Storage;

namespace ScimOrleans.Grains;

public sealed class GroupGrain(IResourceStore store) : ScimResourceGrain(store), IGroupGrain
{
    protected override ResourceSchema Schema => ScimSchemas.GroupResource;
}
