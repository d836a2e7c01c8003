using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using ScimOrleans.Silo.Admin;
using ScimOrleans.Silo.Telemetry;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Hosting;

public static class TelemetryHosting
{
    public const string ServiceName = "scim-orleans";

    /// <summary>
    /// OpenTelemetry: the SCIM, store and Orleans meters plus ASP.NET Core's, read by the
    /// Prometheus exporter at <c>/metrics</c>; traces that follow a request from HTTP through the
    /// grain call (activity propagation on) to the store; OTLP export of both when an endpoint is
    /// configured. Also times every SCIM request from the outside of the pipeline (see
    /// <see cref="ScimRequestMetricsMiddleware"/>).
    /// </summary>
    public static WebApplicationBuilder AddScimTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TenantTags>();
        builder.Services.AddSingleton<ScimMetrics>();
        builder.Services.AddTransient<IStartupFilter, ScimRequestMetricsStartupFilter>();

        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var exporting = !string.IsNullOrWhiteSpace(options.Otlp.Endpoint)
            || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var ratio = options.TraceSampleRatio ?? (exporting ? 1.0 : 0.0);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(ScimMetrics.MeterName, StoreMetrics.MeterName, "Microsoft.Orleans")
                    // The runtime's own meter (dotnet.gc.*, dotnet.process.memory.working_set): without it the
                    // GC heap cannot be read beside the working set when judging what holds memory.
                    .AddMeter("System.Runtime")
                    .AddView("scim.store.write_batch.size", new ExplicitBucketHistogramConfiguration { Boundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] })
                    .AddView("scim.store.write_batch.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] })
                    .AddPrometheusExporter();
                if (options.HttpServerMetrics)
                {
                    // scim.requests already times every SCIM request; http.server.* (every route) cost each
                    // request more (about a tenth of GET /Users/{id}'s throughput here), so they are opt-in.
                    metrics.AddAspNetCoreInstrumentation();
                }
            });

        if (exporting || ratio > 0)
        {
            // Not wired at all when nothing can be recorded: even a span nobody samples is an
            // Activity per request, grain call and store call, and trace context in every message.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
            telemetry.WithTracing(tracing => tracing
                .AddSource(
                    ActivitySources.ApplicationGrainActivitySourceName,
                    ActivitySources.RuntimeActivitySourceName,
                    ActivitySources.StorageActivitySourceName,
                    StoreTracing.SourceName)
                // Scrapes, probes and the dashboard's polling would drown the requests worth reading.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsHousekeeping(http.Request.Path))
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio))));
        }

        if (!string.IsNullOrWhiteSpace(options.Otlp.Endpoint))
        {
            telemetry.UseOtlpExporter(ProtocolOf(options.Otlp.Protocol), new Uri(options.Otlp.Endpoint));
        }
        else if (exporting)
        {
            telemetry.UseOtlpExporter(); // the standard OTEL_EXPORTER_OTLP_* variables
        }

        return builder;
    }

    /// <summary><c>/metrics</c> in Prometheus text format; behind the operator key when <c>Telemetry__MetricsRequireOperatorKey</c>.</summary>
    public static WebApplication MapScimMetrics(this WebApplication app)
    {
        var scrape = app.MapPrometheusScrapingEndpoint();
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsRequireOperatorKey)
        {
            scrape.RequireAuthorization(AdminAuthentication.Policy);
        }

        return app;
    }

    internal static bool IsHousekeeping(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/dashboard");

    private static OtlpExportProtocol ProtocolOf(string? protocol) => protocol?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"Telemetry__Otlp__Protocol '{protocol}' is neither 'grpc' nor 'http/protobuf'."),
    };

    /// <summary>Puts the SCIM request timer in front of routing and authentication.</summary>
    private sealed class ScimRequestMetricsStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<ScimRequestMetricsMiddleware>();
            next(app);
        };
    }
}
