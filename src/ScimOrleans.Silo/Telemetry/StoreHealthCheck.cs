using Microsoft.Extensions.Diagnostics.HealthChecks;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Telemetry;

/// <summary>Ready when the resource store answers a point read (an indexed look-up of an id that never exists).</summary>
public sealed class StoreHealthCheck(IResourceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetAsync("_health", ResourceTypeNames.User, "_health", cancellationToken);
            return HealthCheckResult.Healthy("The resource store answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception type only: messages of database drivers may carry connection details.
            return HealthCheckResult.Unhealthy($"The resource store does not answer ({e.GetType().Name}).");
        }
    }
}
