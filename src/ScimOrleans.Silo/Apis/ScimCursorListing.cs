using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Listing;
using ScimOrleans.Silo.Http;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Apis;

/// <summary>
/// Cursor paging (RFC 9865) of a list or search over one resource type (/Users, /Groups) or
/// several in a row (POST /.search at the base URL: users, then groups). Each page is a keyset
/// query that continues after the last resource of the previous page, so a page deep into a
/// million users costs what the first does. The cursor carries that position (resource type,
/// sort key, id), signed, with the query's fingerprint and its issue time; nothing is kept on
/// the server between pages.
/// </summary>
/// <remarks>
/// <c>totalResults</c> is counted on the first page (one COUNT, as index paging does on every
/// page) and carried in the cursor to the later ones, which run no COUNT: RFC 9865 §2 asks for
/// an accurate total where the provider can give one, and this is the total when paging began.
/// </remarks>
internal static class ScimCursorListing
{
    public static async Task<IResult> ListAsync(ScimRequestContext context, IReadOnlyList<ScimResourceType> types, string endpoint,
        string tenant, HttpContext http, IResourceStore store, ListRequest request)
    {
        var cancellationToken = http.RequestAborted;
        var protector = await http.RequestServices.GetRequiredService<ScimCursors>().ProtectorAsync(cancellationToken);
        var fingerprint = ListCursorProtector.Fingerprint($"{tenant}\n{endpoint}", request);
        var first = string.IsNullOrEmpty(request.Cursor);
        var typeIndex = 0;
        KeysetPosition? after = null;
        int? total = null;
        if (!first)
        {
            var cursor = protector.Unprotect(request.Cursor!, fingerprint);
            var typeName = cursor.Position["r"] is JsonValue r && r.TryGetValue<string>(out var name) ? name : null;
            typeIndex = types.ToList().FindIndex(t => t.Name == typeName);
            if (typeIndex < 0)
            {
                // Signed for this query, but the resource type is no longer listed (e.g. groups switched off).
                throw ScimException.BadRequest(ScimErrorTypes.InvalidCursor, "The cursor no longer applies: send an empty cursor to start again.");
            }

            after = KeysetPosition.FromJson(cursor.Position);
            total = cursor.TotalResults;
        }

        var page = new List<JsonObject>();
        var counted = 0;
        (int Type, KeysetPosition? Position) resume = (typeIndex, after);
        var more = false;
        for (var i = typeIndex; i < types.Count; i++)
        {
            var type = types[i];
            var schema = context.SchemaFor(type);
            // Once the page is full this asks for none: the store still says whether any follow
            // (and, on the first page, counts them).
            var query = new ResourceQuery(request.Filter, request.SortBy, request.SortDescending, 1, request.Count - page.Count,
                context.Tenant.Settings.ScimUserKind)
            {
                Keyset = true,
                After = i == typeIndex ? after : null,
                CountTotal = first,
            };
            var found = await store.QueryAsync(tenant, schema, query, cancellationToken);
            counted += Math.Max(0, found.TotalResults);
            if (found.Resources.Count > 0)
            {
                page.AddRange(await context.PresentAllAsync([.. found.Resources.Select(r => r.Document)], type, request.Attributes, request.ExcludedAttributes));
                resume = (i, found.Last);
            }

            more |= found.HasMore;
            if (more && !first)
            {
                break;
            }
        }

        string? next = null;
        if (more && resume.Position is { } position)
        {
            var json = position.ToJson();
            json["r"] = types[resume.Type].Name;
            next = protector.Protect(fingerprint, json, first ? counted : total);
        }

        return ScimResults.Json(ListResponse.CreateCursorPage(first ? counted : total, page, next));
    }
}
