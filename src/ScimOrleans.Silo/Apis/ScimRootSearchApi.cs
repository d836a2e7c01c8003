using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Silo.Hosting;
using ScimOrleans.Silo.Http;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// POST /.search at the tenant's base URL (RFC 7644 §3.4.3): one result list over users, then
/// groups. A filter naming attributes one type lacks simply matches nothing of that type.
/// With a <c>cursor</c> (RFC 9865 §3) the same list is cursor-paged: the cursor names the type
/// and the position within it (<see cref="ScimCursorListing"/>).
/// </summary>
public static class ScimRootSearchApi
{
    public static RouteGroupBuilder MapScimRootSearch(this RouteGroupBuilder scim)
    {
        scim.MapPost("/.search", Search).WithName("SearchAll").WithTags("Search");
        return scim;
    }

    private static async Task<IResult> Search(string tenant, HttpContext http, IResourceStore store, IOptions<ScimOptions> options)
    {
        var request = ListRequestReader.FromSearchBody(await ScimResourcesApi.ReadObjectAsync(http), ScimResourcesApi.Limits(options));
        var context = await ScimRequestContext.CreateAsync(http, tenant);
        var types = new List<ScimResourceType>();
        ScimException? firstError = null;
        foreach (var type in context.ResourceTypes)
        {
            try
            {
                ListRequestReader.Validate(request, context.SchemaFor(type));
                types.Add(type);
            }
            catch (ScimException e)
            {
                firstError ??= e;
            }
        }

        if (types.Count == 0)
        {
            throw firstError!;
        }

        if (request.IsCursorPaging)
        {
            return await ScimCursorListing.ListAsync(context, types, "/.search", tenant, http, store, request);
        }

        var page = new List<JsonObject>();
        var total = 0;
        // The concatenated list is paged as one: skip whole types that end before startIndex.
        var skip = request.StartIndex - 1;
        foreach (var type in types)
        {
            var wanted = Math.Max(0, request.Count - page.Count);
            var query = new ResourceQuery(request.Filter, request.SortBy, request.SortDescending, Math.Max(1, skip - total + 1), wanted,
                context.Tenant.Settings.ScimUserKind);
            var found = await store.QueryAsync(tenant, context.SchemaFor(type), query, http.RequestAborted);
            if (skip < total + found.TotalResults)
            {
                page.AddRange(await context.PresentAllAsync([.. found.Resources.Select(r => r.Document)], type, request.Attributes, request.ExcludedAttributes));
            }

            total += found.TotalResults;
        }

        return ScimResults.Json(ListResponse.Create(total, request.StartIndex, page));
    }
}
