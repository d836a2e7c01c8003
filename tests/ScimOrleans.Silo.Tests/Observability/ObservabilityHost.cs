using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

/// <summary>
/// The real host with an operator key, a tight rate limit for tenant <see cref="ThrottledTenant"/>
/// and in-memory exporters beside the configured ones, so tests read the spans and metrics the
/// service produced. Other hosts in this test process emit on the same sources and meters, so
/// tests pick out their own data by tenant or trace id.
/// </summary>
public sealed class ObservabilityHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Tenant = ScimApplicationFactory.Tenant;
    public const string Token = ScimApplicationFactory.Token;
    public const string ApiKey = "operator-key-for-observability-tests-0123456789";
    public const string ThrottledTenant = "throttled";

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "scim-obs-tests-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Storage:Synchronous", "NORMAL");
        builder.UseSetting("Orleans:SiloPort", TestPorts.Next().ToString());
        builder.UseSetting("Orleans:GatewayPort", TestPorts.Next().ToString());
        builder.UseSetting("Bootstrap:Tenant", Tenant);
        builder.UseSetting("Bootstrap:Token", Token);
        builder.UseSetting("Admin:ApiKey", ApiKey);
        builder.UseSetting($"RateLimiting:Tenants:{ThrottledTenant}:PermitsPerSecond", "1");
        builder.UseSetting($"RateLimiting:Tenants:{ThrottledTenant}:Burst", "2");
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));
        });
    }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>A client that neither follows redirects nor keeps cookies, so tests see each answer as sent.</summary>
    public HttpClient CreateRawClient(string? bearer = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task<string> CreateTenantAsync(string tenant)
    {
        await Grains.GetGrain<ITenantGrain>(tenant).Create();
        var issued = await Grains.GetGrain<ITenantGrain>(tenant).IssueToken("test", DateTimeOffset.UtcNow.AddDays(30), null);
        return issued.Value;
    }

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

    public Task InitializeAsync()
    {
        _ = Server; // start the host now, not inside the first test
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still hold a file for a moment; the temp dir is disposable.
        }

        return Task.CompletedTask;
    }
}

/// <summary>One observability host shared by the tests of this folder.</summary>
[CollectionDefinition(Name)]
public sealed class ObservabilityCollection : ICollectionFixture<ObservabilityHost>
{
    public const string Name = "observability";
}
