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

    private readonly TenantTags _tenants;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _changes;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<int> _bulkOperations;

    public ScimMetrics(IMeterFactory meters, TenantTags tenants)
    {
        _tenants = tenants;
        var meter = meters.Create(MeterName);
        _requestDuration = meter.CreateHistogram(
            "scim.request.duration", unit: "s", description: "Duration of SCIM requests by tenant, resource, operation and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _changes = meter.CreateCounter<long>(
            "scim.provisioning.changes", unit: "{change}", description: "Resources created, replaced, patched or deleted by SCIM clients.");
        _authFailures = meter.CreateCounter<long>(
            "scim.auth.failures", unit: "{request}", description: "SCIM requests refused at authentication, by reason.");
        _rateLimited = meter.CreateCounter<long>(
            "scim.rate_limit.rejections", unit: "{request}", description: "SCIM requests refused with 429 by the tenant's rate limit.");
        _bulkOperations = meter.CreateHistogram(
            "scim.bulk.operations", unit: "{operation}", description: "Operations in one /Bulk request.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000] });
    }

    /// <summary>The tenant tag for a tenant known to exist (bounded in number).</summary>
    public string TagFor(string? tenant) => _tenants.For(tenant);

    public void RecordRequest(string tenantTag, string resource, string operation, int status, TimeSpan duration) =>
        _requestDuration.Record(duration.TotalSeconds,
            new(TenantTag, tenantTag), new(ResourceTag, resource), new(OperationTag, operation), new(StatusTag, status));

    /// <summary>One resource changed by a SCIM client (also one operation of a /Bulk request).</summary>
    public void RecordChange(string tenant, string resource, string operation) =>
        _changes.Add(1, new(TenantTag, _tenants.For(tenant)), new(ResourceTag, resource), new(OperationTag, operation));

    public void RecordAuthFailure(string tenantTag, string reason) =>
        _authFailures.Add(1, new KeyValuePair<string, object?>(TenantTag, tenantTag), new(ReasonTag, reason));

    public void RecordRateLimited(string tenant) => _rateLimited.Add(1, new KeyValuePair<string, object?>(TenantTag, _tenants.For(tenant)));

    /// <summary>For the /Bulk endpoint: the number of operations one request carried.</summary>
    public void RecordBulk(string tenant, int operations) =>
        _bulkOperations.Record(operations, new KeyValuePair<string, object?>(TenantTag, _tenants.For(tenant)));
}
