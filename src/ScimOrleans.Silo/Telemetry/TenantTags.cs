using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ScimOrleans.Silo.Telemetry;

/// <summary>
/// The tenant as a metric tag, bounded: the first <see cref="TelemetryOptions.MaxTenantTags"/>
/// tenants seen keep their name, later ones are <see cref="Other"/>. Only tenants that exist
/// should be passed in; a name from an unauthenticated URL is <see cref="Unknown"/> instead, so
/// nobody can grow the series count by requesting made-up tenants.
/// </summary>
public sealed class TenantTags(IOptions<TelemetryOptions> options)
{
    public const string Other = "_other";

    public const string Unknown = "_unknown";

    private readonly ConcurrentDictionary<string, string> _named = new(StringComparer.Ordinal);
    private readonly int _max = options.Value.MaxTenantTags;

    public string For(string? tenant)
    {
        if (string.IsNullOrEmpty(tenant))
        {
            return Unknown;
        }

        if (_named.TryGetValue(tenant, out var tag))
        {
            return tag;
        }

        // A race may name a few more than the limit; the bound is what matters, not its last unit.
        if (_named.Count >= _max)
        {
            return Other;
        }

        return _named.GetOrAdd(tenant, tenant);
    }
}
