using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Bulk;
using ScimOrleans.Scim.Json;
using ScimOrleans.Silo.Bulk;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;
using ScimOrleans.Silo.Telemetry;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// POST /Bulk (RFC 7644 §3.7): many writes in one request. The limits are checked before
/// anything runs (413 over <c>bulk.maxPayloadSize</c> or <c>bulk.maxOperations</c>); each
/// operation then goes to its resource's grain as the single-resource endpoints would send it,
/// and its outcome, success or SCIM error, is reported in its place of the BulkResponse (200).
/// </summary>
public static class ScimBulkApi
{
    public static RouteGroupBuilder MapScimBulk(this RouteGroupBuilder scim)
    {
        scim.MapPost("/Bulk", Bulk)
            .WithName("Bulk").WithTags("Bulk").WithSummary("Applies many user and group writes in one request.");
        return scim;
    }

    private static async Task<ScimJsonResult> Bulk(string tenant, HttpContext http, IGrainFactory grains, IOptions<ScimOptions> options,
        ScimMetrics metrics, ILoggerFactory loggers)
    {
        var limits = options.Value;
        var body = await ScimRequestBody.ReadAsync(http, limits.BulkMaxPayloadSize);
        var request = BulkRequest.Parse(ScimJson.Parse(body), limits.BulkMaxOperations);
        var context = await ScimRequestContext.CreateAsync(http, tenant);
        var results = await BulkExecutor.RunAsync(grains, context, request, limits.BulkConcurrency,
            loggers.CreateLogger(typeof(ScimBulkApi)), http.RequestAborted);
        RecordMetrics(metrics, tenant, request, results);
        return ScimResults.Json(BulkResponse.Create(results));
    }

    /// <summary>A /Bulk call counts as one request; its writes count as provisioning changes one by one.</summary>
    private static void RecordMetrics(ScimMetrics metrics, string tenant, BulkRequest request, IReadOnlyList<BulkOperationResult> results)
    {
        metrics.RecordBulk(tenant, request.Operations.Count);
        foreach (var result in results.Where(r => r.Succeeded))
        {
            var operation = request.Operations[result.Index];
            var resource = operation.Target?.Endpoint.TrimStart('/') ?? "Bulk";
            metrics.RecordChange(tenant, resource, operation.Method switch
            {
                BulkMethod.Post => "create",
                BulkMethod.Put => "replace",
                BulkMethod.Patch => "patch",
                _ => "delete",
            });
        }
    }
}
