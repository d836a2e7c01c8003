using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tenants;

public sealed class TenantDirectoryGrain(
    [PersistentState("tenants", StorageNames.Settings)] IPersistentState<TenantDirectoryState> state)
    : Grain, ITenantDirectoryGrain
{
    async Task ITenantDirectoryGrain.Add(string tenant)
    {
        if (!state.State.Tenants.Contains(tenant))
        {
            state.State = state.State with { Tenants = [.. state.State.Tenants, tenant] };
            await state.WriteStateAsync();
        }
    }

    Task<IReadOnlyList<string>> ITenantDirectoryGrain.List() => Task.FromResult<IReadOnlyList<string>>(state.State.Tenants);
}
