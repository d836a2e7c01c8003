using System.Globalization;
using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Listing;

/// <summary>
/// Reads list parameters from a query string (GET) or a SearchRequest body (POST /.search).
/// The filter is parsed here but validated per resource type by the caller, because a search at
/// the base URL spans several types.
/// </summary>
public static class ListRequestReader
{
    public static ListRequest FromQuery(Func<string, string?> query, ListLimits limits) => Read(
        query("filter"),
        query("sortBy"),
        query("sortOrder"),
        ParseInt(query("startIndex"), "startIndex"),
        ParseInt(query("count"), "count"),
        AttributeList.Parse(query("attributes")),
        AttributeList.Parse(query("excludedAttributes")),
        query("cursor"),
        limits);

    public static ListRequest FromSearchBody(JsonObject body, ListLimits limits)
    {
        if (body["schemas"] is JsonArray schemas
            && !schemas.Any(s => string.Equals(s?.GetValue<string>(), SchemaUrns.SearchRequest, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimException.InvalidSyntax($"A search request must name the schema {SchemaUrns.SearchRequest}.");
        }

        return Read(
            StringOf(body, "filter"),
            StringOf(body, "sortBy"),
            StringOf(body, "sortOrder"),
            IntOf(body, "startIndex"),
            IntOf(body, "count"),
            ListOf(body, "attributes"),
            ListOf(body, "excludedAttributes"),
            StringOf(body, "cursor"),
            limits);
    }

    /// <summary>Checks the filter and sort attribute against one resource type.</summary>
    public static void Validate(ListRequest request, ResourceSchema schema)
    {
        if (request.Filter is not null)
        {
            FilterValidator.Validate(request.Filter, schema);
        }

        if (request.SortBy is not null && schema.TryResolve(request.SortBy) is null)
        {
            throw ScimException.InvalidPath($"sortBy '{request.SortBy}' is not an attribute of {schema.Name}.");
        }
    }

    private static ListRequest Read(
        string? filter, string? sortBy, string? sortOrder, int? startIndex, int? count,
        IReadOnlyCollection<string>? attributes, IReadOnlyCollection<string>? excluded, string? cursor, ListLimits limits)
    {
        if (attributes is { Count: > 0 } && excluded is { Count: > 0 })
        {
            throw ScimException.InvalidSyntax("attributes and excludedAttributes cannot be used together.");
        }

        var descending = sortOrder?.Trim().ToLowerInvariant() switch
        {
            null or "" or "ascending" => false,
            "descending" => true,
            _ => throw ScimException.InvalidValue($"sortOrder must be 'ascending' or 'descending', not '{sortOrder}'."),
        };

        if (cursor is not null)
        {
            // RFC 9865 §2.3: startIndex asks for index paging, cursor for cursor paging; both is
            // a contradiction, not a preference.
            if (startIndex is not null)
            {
                throw ScimException.InvalidValue("Use startIndex (index paging) or cursor (cursor paging), not both.");
            }

            // RFC 9865 §2: count is a positive integer in cursor paging (a page of none would
            // never move on, so no nextCursor could be given); above the maximum it is cut to it,
            // as maxPageSize (§4) applies "regardless of what is specified for the count".
            if (count is < 1)
            {
                throw ScimException.BadRequest(ScimErrorTypes.InvalidCount,
                    $"count must be between 1 and {limits.MaxCount} with cursor paging, not {count}.");
            }

            cursor = cursor.Trim();
        }

        return new ListRequest(
            string.IsNullOrWhiteSpace(filter) ? null : FilterParser.Parse(filter),
            string.IsNullOrWhiteSpace(sortBy) ? null : ParseSortBy(sortBy.Trim()),
            descending,
            // RFC 7644 §3.4.2.4: a startIndex below 1 is read as 1, a negative count as 0,
            // and a count above the maximum is cut to it.
            Math.Max(1, startIndex ?? 1),
            Math.Clamp(count ?? limits.DefaultCount, 0, limits.MaxCount),
            attributes,
            excluded,
            cursor);
    }

    private static AttributePath ParseSortBy(string text)
    {
        // A temporary schema-free split: URN prefix up to the last ':' before the name.
        var colon = text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) ? text.LastIndexOf(':') : -1;
        var urn = colon > 0 ? text[..colon] : null;
        var local = colon > 0 ? text[(colon + 1)..] : text;
        var dot = local.IndexOf('.');
        return dot < 0 ? new AttributePath(urn, local, null) : new AttributePath(urn, local[..dot], local[(dot + 1)..]);
    }

    private static int? ParseInt(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? (int)Math.Clamp(value, int.MinValue, int.MaxValue)
            : throw ScimException.InvalidValue($"{name} must be an integer, not '{text}'.");
    }

    private static string? StringOf(JsonObject body, string name)
    {
        var node = Find(body, name);
        return node is null ? null
            : node is JsonValue value && value.TryGetValue<string>(out var text) ? text
            : throw ScimException.InvalidValue($"{name} must be a string.");
    }

    private static int? IntOf(JsonObject body, string name)
    {
        var node = Find(body, name);
        return node is null ? null
            : node is JsonValue value && value.TryGetValue<long>(out var number) ? (int)Math.Clamp(number, int.MinValue, int.MaxValue)
            : node is JsonValue text && text.TryGetValue<string>(out var s) ? ParseInt(s, name)
            : throw ScimException.InvalidValue($"{name} must be an integer.");
    }

    private static IReadOnlyCollection<string>? ListOf(JsonObject body, string name) => Find(body, name) switch
    {
        null => null,
        JsonArray array => [.. array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw ScimException.InvalidValue($"{name} must be an array of strings."))],
        JsonValue value when value.TryGetValue<string>(out var s) => AttributeList.Parse(s),
        _ => throw ScimException.InvalidValue($"{name} must be an array of strings."),
    };

    private static JsonNode? Find(JsonObject body, string name) =>
        body.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
