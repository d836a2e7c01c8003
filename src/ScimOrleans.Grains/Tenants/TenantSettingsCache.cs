using System.Collections.Concurrent;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tenants;

/// <summary>
/// This silo's copy of each tenant's settings. Requests carry the settings version their token
/// reported; a copy at least that new is used as it is, an older one is fetched again. So the
/// tenant grain is asked once per change per silo, not once per request.
/// </summary>
public sealed class TenantSettingsCache(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, TenantContext> _contexts = new(StringComparer.Ordinal);

    public async ValueTask<TenantContext> GetAsync(string tenant, int minVersion)
    {
        if (_contexts.TryGetValue(tenant, out var cached) && cached.Settings.Version >= minVersion)
        {
            return cached;
        }

        return await RefreshAsync(tenant);
    }

    /// <summary>Always asks the tenant grain; for paths that carry no token (discovery, admin).</summary>
    public async ValueTask<TenantContext> RefreshAsync(string tenant)
    {
        var settings = await grains.GetGrain<ITenantGrain>(tenant).GetSettings();
        var fresh = new TenantContext(tenant, settings);
        return _contexts.AddOrUpdate(tenant, fresh, (_, existing) => existing.Settings.Version > settings.Version ? existing : fresh);
    }
}
