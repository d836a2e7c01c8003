using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ScimOrleans.Silo.Telemetry;

/// <summary>Ready while this silo is an active member of its cluster (not joining, not shutting down).</summary>
public sealed class SiloHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is active.")
            : HealthCheckResult.Unhealthy($"The silo is {status}."));
    }
}
