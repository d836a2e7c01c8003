using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Discovery;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Scim.Schema;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4), written from the same
/// definitions that validate the tenant's requests (its custom attributes included), so they
/// describe exactly what is implemented for that tenant.
/// </summary>
public static class ScimDiscoveryApi
{
    public static RouteGroupBuilder MapScimDiscovery(this RouteGroupBuilder scim)
    {
        scim.MapGet("/ServiceProviderConfig", async (string tenant, HttpContext http, IOptions<ScimOptions> options) =>
            {
                var context = await ScimRequestContext.CreateAsync(http, tenant);
                return ScimResults.Json(ServiceProviderConfigDocument.Create(Features(options.Value), context.BaseUrl));
            })
            .WithName("ServiceProviderConfig").WithTags("Discovery");
        scim.MapGet("/ResourceTypes", async (string tenant, HttpContext http) =>
            {
                var context = await ScimRequestContext.CreateAsync(http, tenant);
                var types = context.ResourceTypes.Select(t => SchemaDocuments.ResourceType(context.SchemaFor(t), context.BaseUrl)).ToList();
                return ScimResults.Json(ListResponse.Create(types.Count, 1, types));
            })
            .WithName("ResourceTypes").WithTags("Discovery");
        scim.MapGet("/ResourceTypes/{name}", async (string tenant, string name, HttpContext http) =>
            {
                var context = await ScimRequestContext.CreateAsync(http, tenant);
                var type = context.ResourceTypes.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw ScimException.NotFound($"Resource type '{name}' not found.");
                return ScimResults.Json(SchemaDocuments.ResourceType(context.SchemaFor(type), context.BaseUrl));
            })
            .WithName("ResourceType").WithTags("Discovery");
        scim.MapGet("/Schemas", async (string tenant, HttpContext http) =>
            {
                var context = await ScimRequestContext.CreateAsync(http, tenant);
                var schemas = AllSchemas(context).Select(s => SchemaDocuments.Schema(s, context.BaseUrl)).ToList();
                return ScimResults.Json(ListResponse.Create(schemas.Count, 1, schemas));
            })
            .WithName("Schemas").WithTags("Discovery");
        scim.MapGet("/Schemas/{urn}", async (string tenant, string urn, HttpContext http) =>
            {
                var context = await ScimRequestContext.CreateAsync(http, tenant);
                var schema = AllSchemas(context).FirstOrDefault(s => string.Equals(s.Id, urn, StringComparison.OrdinalIgnoreCase))
                    ?? throw ScimException.NotFound($"Schema '{urn}' not found.");
                return ScimResults.Json(SchemaDocuments.Schema(schema, context.BaseUrl));
            })
            .WithName("Schema").WithTags("Discovery");
        return scim;
    }

    internal static ServiceProviderFeatures Features(ScimOptions options) =>
        new(options.MaxPageSize, options.MaxPayloadSize, BulkSupported: true, BulkMaxOperations: options.BulkMaxOperations,
            BulkMaxPayloadSize: options.BulkMaxPayloadSize,
            // RFC 9865 §4; index stays the default (§2.5: existing clients keep working).
            Pagination: new PaginationFeatures(Cursor: true, Index: true, DefaultPaginationMethod: "index",
                options.DefaultPageSize, options.MaxPageSize, options.CursorTimeoutSeconds));

    private static IEnumerable<SchemaDefinition> AllSchemas(ScimRequestContext context) =>
        context.ResourceTypes.SelectMany(t => context.SchemaFor(t).AllSchemas).DistinctBy(s => s.Id).OrderBy(s => s.Id, StringComparer.Ordinal);
}
