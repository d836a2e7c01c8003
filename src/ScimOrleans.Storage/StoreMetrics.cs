using System.Diagnostics.Metrics;

namespace ScimOrleans.Storage;

/// <summary>
/// Instruments of the resource stores (SQLite and PostgreSQL), on the meter <see cref="MeterName"/>
/// (add it to the OpenTelemetry meter list). The batch size shows whether group commit is doing its job.
/// </summary>
public static class StoreMetrics
{
    public const string MeterName = "ScimOrleans.Storage";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "scim.store.write_batch.size", unit: "{write}", description: "Writes committed together by one transaction.");

    internal static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(
        "scim.store.write_batch.duration", unit: "s", description: "Time from BEGIN to a durable COMMIT of one write batch.");

    internal static readonly Counter<long> WritesFailed = Meter.CreateCounter<long>(
        "scim.store.writes.failed", unit: "{write}", description: "Writes rolled back to their savepoint (conflicts, invalid members).");
}
