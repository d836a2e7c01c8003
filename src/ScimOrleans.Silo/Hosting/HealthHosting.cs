using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using ScimOrleans.Silo.Telemetry;

namespace ScimOrleans.Silo.Hosting;

public static class HealthHosting
{
    private const string ReadyTag = "ready";

    /// <summary>Readiness checks: the resource store answers and the silo is active.</summary>
    public static WebApplicationBuilder AddScimHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> (the process answers HTTP; no checks) and <c>/health/ready</c> (store
    /// and silo; 503 when either fails), JSON, without authentication, for load balancers and
    /// orchestrators.
    /// </summary>
    public static WebApplication MapScimHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .AllowAnonymous();
        return app;
    }
}
