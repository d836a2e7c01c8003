using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

/// <summary>
/// The real host with an operator key, a tight rate limit for tenant <see cref="ThrottledTenant"/>
/// and in-memory exporters beside the configured ones, so tests read the spans and metrics the
/// service produced. Other hosts in this test process emit on the same sources and meters, so
/// tests pick out their own data by tenant or trace id.
/// </summary>
public sealed class ObservabilityHost() : ScimHostFactory("scim-obs-tests-")
{
    public const string Tenant = ScimApplicationFactory.Tenant;
    public const string Token = ScimApplicationFactory.Token;
    public const string ApiKey = "operator-key-for-observability-tests-0123456789";
    public const string ThrottledTenant = "throttled";

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        .. AcmeBootstrap,
        ("Admin:ApiKey", ApiKey),
        // No OTLP endpoint here, so without this no request would be traced (see TelemetryOptions.TraceSampleRatio).
        ("Telemetry:TraceSampleRatio", "1"),
        ("Telemetry:HttpServerMetrics", "true"),
        ($"RateLimiting:Tenants:{ThrottledTenant}:PermitsPerSecond", "1"),
        ($"RateLimiting:Tenants:{ThrottledTenant}:Burst", "2"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        });
    }

    /// <summary>A client that neither follows redirects nor keeps cookies, so tests see each answer as sent.</summary>
    public HttpClient CreateRawClient(string? bearer = null) =>
        CreateBearerClient(bearer, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The spans exported so far (the exporter appends from another thread; a copy is read).</summary>
    public IReadOnlyList<Activity> Spans()
    {
        return [.. _spans.ToArray().Where(a => a is not null)];
    }

    /// <summary>Collects now, then the newest snapshot of each metric (cumulative, so it holds every measurement so far).</summary>
    public IReadOnlyList<MetricSnapshot> Metrics()
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        return [.. _metrics.ToArray().Where(m => m is not null).GroupBy(m => m.Name).Select(g => g.Last())];
    }
}

/// <summary>One observability host shared by the tests of this folder.</summary>
[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityHost>
{
    public const string Name = "observability";
}
