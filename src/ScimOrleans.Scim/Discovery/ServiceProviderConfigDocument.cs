using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Discovery;

/// <summary>The /ServiceProviderConfig representation (RFC 7643 §5).</summary>
public static class ServiceProviderConfigDocument
{
    public static JsonObject Create(ServiceProviderFeatures features, string baseUrl)
    {
        var config = new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrns.ServiceProviderConfig),
            ["patch"] = Supported(true),
            ["bulk"] = new JsonObject
            {
                ["supported"] = features.BulkSupported,
                ["maxOperations"] = features.BulkMaxOperations,
                // Without bulk, the limit of every request body: larger ones get 413.
                ["maxPayloadSize"] = features.BulkSupported ? features.BulkMaxPayloadSize : features.MaxPayloadSize,
            },
            ["filter"] = new JsonObject
            {
                ["supported"] = true,
                ["maxResults"] = features.MaxFilterResults,
            },
            ["changePassword"] = Supported(false),
            ["sort"] = Supported(true),
            ["etag"] = Supported(true),
            ["authenticationSchemes"] = new JsonArray(new JsonObject
            {
                ["type"] = "oauthbearertoken",
                ["name"] = "OAuth Bearer Token",
                ["description"] = "A tenant's SCIM token, sent as 'Authorization: Bearer <token>'.",
                ["primary"] = true,
            }),
            ["meta"] = new JsonObject
            {
                ["resourceType"] = "ServiceProviderConfig",
                ["location"] = $"{baseUrl}/ServiceProviderConfig",
            },
        };
        if (features.Pagination is { } pagination)
        {
            config["pagination"] = Pagination(pagination);
        }

        if (features.DocumentationUri is { } uri)
        {
            config["documentationUri"] = uri;
        }

        return config;
    }

    // RFC 9865 §4: cursor and index are required, the rest optional (left out when unknown).
    private static JsonObject Pagination(PaginationFeatures pagination)
    {
        var node = new JsonObject
        {
            ["cursor"] = pagination.Cursor,
            ["index"] = pagination.Index,
        };
        if (pagination.DefaultPaginationMethod is { } method)
        {
            node["defaultPaginationMethod"] = method;
        }

        if (pagination.DefaultPageSize > 0)
        {
            node["defaultPageSize"] = pagination.DefaultPageSize;
        }

        if (pagination.MaxPageSize > 0)
        {
            node["maxPageSize"] = pagination.MaxPageSize;
        }

        if (pagination.Cursor && pagination.CursorTimeoutSeconds > 0)
        {
            node["cursorTimeout"] = pagination.CursorTimeoutSeconds;
        }

        return node;
    }

    private static JsonObject Supported(bool supported) => new() { ["supported"] = supported };
}
