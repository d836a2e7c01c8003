using System.Text.Json.Nodes;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Scim.Projection;
using ScimOrleans.Scim.Rendering;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Silo.Apis;

/// <summary>What a SCIM handler needs of its request: the tenant's base URL and the projection asked for.</summary>
public sealed record ScimRequestContext(string Tenant, string BaseUrl, IReadOnlyCollection<string>? Attributes, IReadOnlyCollection<string>? ExcludedAttributes)
{
    public static ScimRequestContext From(HttpContext http, string tenant)
    {
        var request = http.Request;
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/scim/{tenant}/v2";
        return new ScimRequestContext(
            tenant,
            baseUrl,
            AttributeList.Parse(request.Query["attributes"]),
            AttributeList.Parse(request.Query["excludedAttributes"]));
    }

    /// <summary>A stored document as the client sees it: links for this URL, then the projection.</summary>
    public JsonObject Present(JsonObject stored, ResourceSchema schema, IReadOnlyCollection<string>? attributes = null, IReadOnlyCollection<string>? excluded = null) =>
        AttributeProjector.Project(
            ResourceRenderer.Render(stored, schema, BaseUrl), schema, attributes ?? Attributes, excluded ?? ExcludedAttributes);
}
