using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Bulk;
using ScimOrleans.Scim.Json;
using ScimOrleans.Silo.Bulk;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;

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
        ILoggerFactory loggers)
    {
        var limits = options.Value;
        var body = await ScimRequestBody.ReadAsync(http, limits.BulkMaxPayloadSize);
        var request = BulkRequest.Parse(ScimJson.Parse(body), limits.BulkMaxOperations);
        var context = await ScimRequestContext.CreateAsync(http, tenant);
        var results = await BulkExecutor.RunAsync(grains, context, request, limits.BulkConcurrency,
            loggers.CreateLogger(typeof(ScimBulkApi)), http.RequestAborted);
        return ScimResults.Json(BulkResponse.Create(results));
    }
}
