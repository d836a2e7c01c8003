using System.ComponentModel.DataAnnotations;

namespace ScimOrleans.Silo.Telemetry;

/// <summary><c>Telemetry__*</c>: what the service's metrics and traces carry and where they go.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// How many distinct tenants are named in metric tags; later ones share the tag <c>_other</c>.
    /// Each named tenant costs one series per resource, operation and status, so a host with
    /// tens of thousands of tenants keeps its metrics store affordable. 0 names none.
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxTenantTags { get; set; } = 1000;

    /// <summary>Whether <c>/metrics</c> asks for the operator credential (<c>Admin__ApiKey</c>) like the admin API.</summary>
    public bool MetricsRequireOperatorKey { get; set; }

    /// <summary>
    /// The share of requests whose traces are recorded (0 to 1; a request that arrives with a
    /// sampled W3C <c>traceparent</c> is always followed). Unset: every request when an OTLP
    /// exporter is configured, none otherwise, since only an exporter reads them and recording
    /// spans nobody reads costs each request time. With no exporter and a ratio of 0 tracing is
    /// not wired at all (no activities, no trace context in grain calls).
    /// </summary>
    [Range(0.0, 1.0)]
    public double? TraceSampleRatio { get; set; }

    /// <summary>Whether ASP.NET Core's <c>http.server.*</c> metrics (every route, not only SCIM's) are collected too.</summary>
    public bool HttpServerMetrics { get; set; }

    public OtlpOptions Otlp { get; set; } = new();

    public sealed class OtlpOptions
    {
        /// <summary>
        /// Where to push metrics, traces and logs over OTLP; unset leaves the exporter off unless the
        /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
        /// </summary>
        public string? Endpoint { get; set; }

        /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
        public string? Protocol { get; set; }
    }
}
