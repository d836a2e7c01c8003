using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ScimOrleans.Abstractions;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Json;
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
        var resources = scim.MapGroup(type.Endpoint).WithTags(type.Name);
        resources.MapGet("", (string tenant, HttpContext http, IResourceStore store, IOptions<ScimOptions> options) =>
                List(type, tenant, http, store, ListRequestReader.FromQuery(key => http.Request.Query[key], Limits(options))))
            .WithName($"List{type.Name}s").WithSummary($"Lists or filters {type.Name} resources.");
        resources.MapPost("/.search", async (string tenant, HttpContext http, IResourceStore store, IOptions<ScimOptions> options) =>
                await List(type, tenant, http, store, ListRequestReader.FromSearchBody(await ReadObjectAsync(http), Limits(options))))
            .WithName($"Search{type.Name}s").WithSummary($"Searches {type.Name} resources with a SearchRequest body.");
        resources.MapPost("", (string tenant, HttpContext http, IGrainFactory grains) =>
                Write(type, tenant, http, StatusCodes.Status201Created, async context =>
                    await type.Create(grains, tenant, await ScimRequestBody.ReadAsync(http), context.Caller)))
            .WithName($"Create{type.Name}");
        resources.MapGet("/{id}", (string tenant, string id, HttpContext http, IResourceStore store) => Get(type, tenant, id, http, store))
            .WithName($"Get{type.Name}");
        resources.MapPut("/{id}", (string tenant, string id, HttpContext http, IGrainFactory grains) =>
                Write(type, tenant, http, StatusCodes.Status200OK, async context =>
                    await Grain(type, grains, tenant, id).Replace(await ScimRequestBody.ReadAsync(http), IfMatch(http), context.Caller)))
            .WithName($"Replace{type.Name}");
        resources.MapPatch("/{id}", (string tenant, string id, HttpContext http, IGrainFactory grains) =>
                Write(type, tenant, http, StatusCodes.Status200OK, async context =>
                    await Grain(type, grains, tenant, id).Patch(await ScimRequestBody.ReadAsync(http), IfMatch(http), context.Caller),
                    answerNoContent: context => context.Tenant.Settings.PatchAnswersNoContent && context.Attributes is null))
            .WithName($"Patch{type.Name}");
        resources.MapDelete("/{id}", (string tenant, string id, HttpContext http, IGrainFactory grains) =>
                Write(type, tenant, http, StatusCodes.Status200OK, context =>
                    Grain(type, grains, tenant, id).Delete(IfMatch(http), context.Caller)))
            .WithName($"Delete{type.Name}");
        return scim;
    }

    private static async Task<IResult> Get(ScimResourceType type, string tenant, string id, HttpContext http, IResourceStore store)
    {
        var context = await ScimRequestContext.CreateAsync(http, tenant, type);
        var stored = await store.GetAsync(tenant, type.Name, id, http.RequestAborted);
        if (stored is null || !IsVisible(stored, context))
        {
            throw ScimException.NotFound($"{type.Name} {id} not found.");
        }

        string? ifNoneMatch = http.Request.Headers.IfNoneMatch;
        if (!string.IsNullOrEmpty(ifNoneMatch) && ResourceVersion.Matches(ifNoneMatch, stored.Version))
        {
            http.Response.Headers.ETag = stored.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return ScimResults.Json(await context.PresentAsync(stored.Document, type), etag: stored.ETag);
    }

    private static async Task<IResult> List(ScimResourceType type, string tenant, HttpContext http, IResourceStore store, ListRequest request)
    {
        var context = await ScimRequestContext.CreateAsync(http, tenant, type);
        var schema = context.SchemaFor(type);
        ListRequestReader.Validate(request, schema);
        if (request.IsCursorPaging)
        {
            return await ScimCursorListing.ListAsync(context, [type], type.Endpoint, tenant, http, store, request);
        }

        var query = new ResourceQuery(request.Filter, request.SortBy, request.SortDescending, request.StartIndex, request.Count,
            context.Tenant.Settings.ScimUserKind);
        var found = await store.QueryAsync(tenant, schema, query, http.RequestAborted);
        var resources = await context.PresentAllAsync([.. found.Resources.Select(r => r.Document)], type, request.Attributes, request.ExcludedAttributes);
        return ScimResults.Json(ListResponse.Create(found.TotalResults, request.StartIndex, resources));
    }

    /// <summary>
    /// Runs a grain write and answers it: the resource (projected as asked), 204 for a delete,
    /// or the SCIM error the grain returned.
    /// </summary>
    private static async Task<IResult> Write(ScimResourceType type, string tenant, HttpContext http, int status,
        Func<ScimRequestContext, Task<ResourceWriteResult>> write, Func<ScimRequestContext, bool>? answerNoContent = null)
    {
        var context = await ScimRequestContext.CreateAsync(http, tenant, type);
        var result = await write(context);
        if (result.Fault is { } fault)
        {
            return ScimResults.Error(fault);
        }

        if (result.Resource is not { } resource)
        {
            return Results.NoContent();
        }

        if (answerNoContent?.Invoke(context) == true)
        {
            http.Response.Headers.ETag = ResourceVersion.ToETag(resource.Version);
            return Results.NoContent();
        }

        var document = await context.PresentAsync((JsonObject)JsonNode.Parse(resource.Json)!, type);
        var location = document["meta"]?["location"]?.GetValue<string>();
        return ScimResults.Json(document, status, ResourceVersion.ToETag(resource.Version),
            status == StatusCodes.Status201Created ? location : null);
    }

    /// <summary>SCIM sees only users of the tenant's SCIM kind (Skilljar: dashboard users, not learners).</summary>
    internal static bool IsVisible(StoredResource resource, ScimRequestContext context) =>
        resource.ResourceType != ResourceTypeNames.User || resource.Kind == context.Tenant.Settings.ScimUserKind;

    internal static async Task<JsonObject> ReadObjectAsync(HttpContext http) =>
        ScimJson.ParseObject(await ScimRequestBody.ReadAsync(http));

    internal static ListLimits Limits(IOptions<ScimOptions> options) =>
        new(options.Value.DefaultPageSize, options.Value.MaxPageSize);

    private static IScimResourceGrain Grain(ScimResourceType type, IGrainFactory grains, string tenant, string id) =>
        type.Grain(grains, ResourceKey.For(tenant, id));

    private static string? IfMatch(HttpContext http) => http.Request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;
}
