using Orleans.Concurrency;

namespace ScimOrleans.Abstractions;

/// <summary>
/// The list of tenants, for administration and first-start bootstrap only (key 0). Nothing on
/// the SCIM request path calls it.
/// </summary>
public interface ITenantDirectoryGrain : IGrainWithIntegerKey
{
    Task Add(string tenant);

    [ReadOnly]
    Task<IReadOnlyList<string>> List();
}
