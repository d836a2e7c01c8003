using System.Diagnostics;

namespace ScimOrleans.Storage;

/// <summary>
/// Spans of the resource store, on the activity source <see cref="SourceName"/> (add it to the
/// OpenTelemetry tracer). A write's span lasts from the call to its durable commit, so the wait
/// for the group commit shows under the grain call that asked for it. Tags never carry
/// documents or values, only what locates the work.
/// </summary>
public static class StoreTracing
{
    public const string SourceName = "ScimOrleans.Storage";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A client span <c>store {operation}</c>; null (and free) when nobody listens.</summary>
    public static Activity? Start(string operation, string system, string tenant, string resourceType)
    {
        var activity = Source.StartActivity("store " + operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", system);
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("scim.tenant", tenant);
            activity.SetTag("scim.resource", resourceType);
        }

        return activity;
    }
}
