using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Discovery;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4), written from the same
/// definitions that validate requests, so they describe exactly what is implemented.
/// </summary>
public static class ScimDiscoveryApi
{
    public static RouteGroupBuilder MapScimDiscovery(this RouteGroupBuilder scim)
    {
        scim.MapGet("/ServiceProviderConfig", (string tenant, HttpContext http, IOptions<ScimOptions> options) =>
                ScimResults.Json(ServiceProviderConfigDocument.Create(Features(options.Value), BaseUrl(http, tenant))))
            .WithName("ServiceProviderConfig").WithTags("Discovery");
        scim.MapGet("/ResourceTypes", (string tenant, HttpContext http) =>
                ScimResults.Json(ListResponse.Create(ScimResourceType.All.Count, 1,
                    ScimResourceType.All.Select(t => SchemaDocuments.ResourceType(t.Schema, BaseUrl(http, tenant))))))
            .WithName("ResourceTypes").WithTags("Discovery");
        scim.MapGet("/ResourceTypes/{name}", (string tenant, string name, HttpContext http) =>
            {
                var type = ScimResourceType.All.FirstOrDefault(t => string.Equals(t.Schema.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw ScimException.NotFound($"Resource type '{name}' not found.");
                return ScimResults.Json(SchemaDocuments.ResourceType(type.Schema, BaseUrl(http, tenant)));
            })
            .WithName("ResourceType").WithTags("Discovery");
        scim.MapGet("/Schemas", (string tenant, HttpContext http) =>
            {
                var schemas = AllSchemas().Select(s => SchemaDocuments.Schema(s, BaseUrl(http, tenant))).ToList();
                return ScimResults.Json(ListResponse.Create(schemas.Count, 1, schemas));
            })
            .WithName("Schemas").WithTags("Discovery");
        scim.MapGet("/Schemas/{urn}", (string tenant, string urn, HttpContext http) =>
            {
                var schema = AllSchemas().FirstOrDefault(s => string.Equals(s.Id, urn, StringComparison.OrdinalIgnoreCase))
                    ?? throw ScimException.NotFound($"Schema '{urn}' not found.");
                return ScimResults.Json(SchemaDocuments.Schema(schema, BaseUrl(http, tenant)));
            })
            .WithName("Schema").WithTags("Discovery");
        return scim;
    }

    internal static ServiceProviderFeatures Features(ScimOptions options) =>
        new(options.MaxPageSize, options.MaxPayloadSize);

    private static IEnumerable<Scim.Schema.SchemaDefinition> AllSchemas() =>
        ScimResourceType.All.SelectMany(t => t.Schema.AllSchemas).DistinctBy(s => s.Id).OrderBy(s => s.Id, StringComparer.Ordinal);

    private static string BaseUrl(HttpContext http, string tenant) => ScimRequestContext.From(http, tenant).BaseUrl;
}
