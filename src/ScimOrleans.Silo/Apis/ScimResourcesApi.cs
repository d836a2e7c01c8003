using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// /Users and /Groups (RFC 7644 §3.2 to §3.6): writes go to the resource's grain, reads and
/// queries straight to the store.
/// </summary>
public static class ScimResourcesApi
{
    public static RouteGroupBuilder MapScimResources(this RouteGroupBuilder scim, ScimResourceType type)
    {
        var resources = scim.MapGroup(type.Schema.Endpoint).WithTags(type.Schema.Name);
        resources.MapGet("", (string tenant, HttpContext http, IResourceStore store, IOptions<ScimOptions> options) =>
                List(type, tenant, http, store, ListRequestReader.FromQuery(key => http.Request.Query[key], Limits(options))))
            .WithName($"List{type.Schema.Name}s").WithSummary($"Lists or filters {type.Schema.Name} resources.");
        resources.MapPost("/.search", async (string tenant, HttpContext http, IResourceStore store, IOptions<ScimOptions> options) =>
                await List(type, tenant, http, store, ListRequestReader.FromSearchBody(await ReadObjectAsync(http), Limits(options))))
            .WithName($"Search{type.Schema.Name}s").WithSummary($"Searches {type.Schema.Name} resources with a SearchRequest body.");
        resources.MapPost("", (string tenant, HttpContext http, IGrainFactory grains) => Create(type, tenant, http, grains))
            .WithName($"Create{type.Schema.Name}");
        resources.MapGet("/{id}", (string tenant, string id, HttpContext http, IResourceStore store) => Get(type, tenant, id, http, store))
            .WithName($"Get{type.Schema.Name}");
        resources.MapPut("/{id}", async (string tenant, string id, HttpContext http, IGrainFactory grains) =>
                Respond(type, tenant, http, await Grain(type, grains, tenant, id).Replace(await ScimRequestBody.ReadAsync(http), IfMatch(http))))
            .WithName($"Replace{type.Schema.Name}");
        resources.MapPatch("/{id}", async (string tenant, string id, HttpContext http, IGrainFactory grains) =>
                Respond(type, tenant, http, await Grain(type, grains, tenant, id).Patch(await ScimRequestBody.ReadAsync(http), IfMatch(http))))
            .WithName($"Patch{type.Schema.Name}");
        resources.MapDelete("/{id}", async (string tenant, string id, HttpContext http, IGrainFactory grains) =>
                Respond(type, tenant, http, await Grain(type, grains, tenant, id).Delete(IfMatch(http))))
            .WithName($"Delete{type.Schema.Name}");
        return scim;
    }

    private static async Task<IResult> Create(ScimResourceType type, string tenant, HttpContext http, IGrainFactory grains)
    {
        var body = await ScimRequestBody.ReadAsync(http);
        var result = await Grain(type, grains, tenant, Guid.NewGuid().ToString()).Create(body);
        return Respond(type, tenant, http, result, StatusCodes.Status201Created);
    }

    private static async Task<IResult> Get(ScimResourceType type, string tenant, string id, HttpContext http, IResourceStore store)
    {
        var stored = await store.GetAsync(tenant, type.Schema.Name, id, http.RequestAborted)
            ?? throw ScimException.NotFound($"{type.Schema.Name} {id} not found.");
        string? ifNoneMatch = http.Request.Headers.IfNoneMatch;
        if (!string.IsNullOrEmpty(ifNoneMatch) && ResourceVersion.Matches(ifNoneMatch, stored.Version))
        {
            http.Response.Headers.ETag = stored.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var context = ScimRequestContext.From(http, tenant);
        return ScimResults.Json(context.Present(stored.Document, type.Schema), etag: stored.ETag);
    }

    private static async Task<IResult> List(ScimResourceType type, string tenant, HttpContext http, IResourceStore store, ListRequest request)
    {
        ListRequestReader.Validate(request, type.Schema);
        var query = new ResourceQuery(request.Filter, request.SortBy, request.SortDescending, request.StartIndex, request.Count);
        var found = await store.QueryAsync(tenant, type.Schema, query, http.RequestAborted);
        var context = ScimRequestContext.From(http, tenant);
        var resources = found.Resources.Select(r => context.Present(r.Document, type.Schema, request.Attributes, request.ExcludedAttributes));
        return ScimResults.Json(ListResponse.Create(found.TotalResults, request.StartIndex, resources));
    }

    /// <summary>A grain's answer as HTTP: the resource (projected as asked), 204 for a delete, or the SCIM error.</summary>
    private static IResult Respond(ScimResourceType type, string tenant, HttpContext http, ResourceWriteResult result, int status = StatusCodes.Status200OK)
    {
        if (result.Fault is { } fault)
        {
            return ScimResults.Error(fault);
        }

        if (result.Resource is not { } resource)
        {
            return Results.NoContent();
        }

        var context = ScimRequestContext.From(http, tenant);
        var document = context.Present((JsonObject)JsonNode.Parse(resource.Json)!, type.Schema);
        var location = document["meta"]?["location"]?.GetValue<string>();
        return ScimResults.Json(document, status, ResourceVersion.ToETag(resource.Version),
            status == StatusCodes.Status201Created ? location : null);
    }

    internal static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        var text = await ScimRequestBody.ReadAsync(http);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw ScimException.InvalidSyntax("The request body must be a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ScimException.InvalidSyntax($"The request body is not valid JSON: {e.Message}");
        }
    }

    internal static ListLimits Limits(IOptions<ScimOptions> options) =>
        new(options.Value.DefaultPageSize, options.Value.MaxPageSize);

    private static IScimResourceGrain Grain(ScimResourceType type, IGrainFactory grains, string tenant, string id) =>
        type.Grain(grains, ResourceKey.For(tenant, id));

    private static string? IfMatch(HttpContext http) => http.Request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;
}
