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
        if (features.DocumentationUri is { } uri)
        {
            config["documentationUri"] = uri;
        }

        return config;
    }

    private static JsonObject Supported(bool supported) => new() { ["supported"] = supported };
}
