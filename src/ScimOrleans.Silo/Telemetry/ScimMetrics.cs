using System.Diagnostics.Metrics;

namespace ScimOrleans.Silo.Telemetry;

/// <summary>
/// The SCIM host's instruments, on the meter <see cref="MeterName"/>. Tags name the tenant
/// (bounded by <see cref="TenantTags"/>), the resource, the operation and the outcome; never a
/// token, a header or a value from a request body.
/// </summary>
public sealed class ScimMetrics
{
    public const string MeterName = "ScimOrleans";

    public const string TenantTag = "scim.tenant";
    public const string ResourceTag = "scim.resource";
    public const string OperationTag = "scim.operation";
    public const string StatusTag = "http.response.status_code";
    public const string ReasonTag = "scim.auth.failure_reason";

    // One meter for the process, like the store's: a meter owned by a host's IMeterFactory is
    // disposed with that host, and OpenTelemetry drops a stream whose instrument is disposed even
    // while another host's instrument of the same name still feeds it (tests run many hosts).
    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "scim.request.duration", unit: "s", description: "Duration of SCIM requests by tenant, resource, operation and status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> Changes = Meter.CreateCounter<long>(
        "scim.provisioning.changes", unit: "{change}", description: "Resources created, replaced, patched or deleted by SCIM clients.");

    private static readonly Counter<long> AuthFailures = Meter.CreateCounter<long>(
        "scim.auth.failures", unit: "{request}", description: "SCIM requests refused at authentication, by reason.");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "scim.rate_limit.rejections", unit: "{request}", description: "SCIM requests refused with 429 by the tenant's rate limit.");

    private static readonly Histogram<int> BulkOperations = Meter.CreateHistogram(
        "scim.bulk.operations", unit: "{operation}", description: "Operations in one /Bulk request.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });

    private readonly TenantTags _tenants;

    public ScimMetrics(TenantTags tenants) => _tenants = tenants;

    /// <summary>The tenant tag for a tenant known to exist (bounded in number).</summary>
    public string TagFor(string? tenant) => _tenants.For(tenant);

    public void RecordRequest(string tenantTag, string resource, string operation, int status, TimeSpan duration) =>
        RequestDuration.Record(duration.TotalSeconds,
            new(TenantTag, tenantTag), new(ResourceTag, resource), new(OperationTag, operation), new(StatusTag, status));

    /// <summary>One resource changed by a SCIM client (also one operation of a /Bulk request).</summary>
    public void RecordChange(string tenant, string resource, string operation) =>
        Changes.Add(1, new(TenantTag, _tenants.For(tenant)), new(ResourceTag, resource), new(OperationTag, operation));

    public void RecordAuthFailure(string tenantTag, string reason) =>
        AuthFailures.Add(1, new KeyValuePair<string, object?>(TenantTag, tenantTag), new(ReasonTag, reason));

    public void RecordRateLimited(string tenant) => RateLimited.Add(1, new KeyValuePair<string, object?>(TenantTag, _tenants.For(tenant)));

    /// <summary>For the /Bulk endpoint: the number of operations one request carried.</summary>
    public void RecordBulk(string tenant, int operations) =>
        BulkOperations.Record(operations, new KeyValuePair<string, object?>(TenantTag, _tenants.For(tenant)));
}
