using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Hosting;

/// <summary>
/// <c>RateLimiting__*</c>: a token bucket per tenant over its SCIM endpoints. The defaults are
/// generous (a tenant's IdP is not throttled in ordinary use) and exist to stop one tenant's
/// runaway client from starving the others; <c>RateLimiting__Tenants__{tenant}__*</c> overrides them.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second a tenant may sustain (tokens added each second).</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerSecond { get; set; } = 1000;

    /// <summary>Requests a tenant may send at once after a quiet spell (the bucket's size).</summary>
    [Range(1, 100_000_000)]
    public int Burst { get; set; } = 2000;

    public Dictionary<string, TenantRateLimit> Tenants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The limits of one tenant: its own where set, else the global ones.</summary>
    public (int PermitsPerSecond, int Burst) For(string tenant)
    {
        var own = Tenants.GetValueOrDefault(tenant);
        var permits = own?.PermitsPerSecond ?? PermitsPerSecond;
        return (permits, Math.Max(own?.Burst ?? Burst, permits));
    }

    public sealed class TenantRateLimit
    {
        [Range(1, 10_000_000)]
        public int? PermitsPerSecond { get; set; }

        [Range(1, 100_000_000)]
        public int? Burst { get; set; }
    }
}
