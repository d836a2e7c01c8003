using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Storage.Tests;

/// <summary>Builders of validated documents as a grain would hand them to the store.</summary>
public static class Resources
{
    public static string NewId() => Guid.NewGuid().ToString();

    public static ResourceWrite User(string tenant, string id, string userName, Action<JsonObject>? more = null)
    {
        var document = new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrns.User),
            ["id"] = id,
            ["userName"] = userName,
        };
        more?.Invoke(document);
        return new ResourceWrite(tenant, ResourceTypeNames.User, id, document);
    }

    public static ResourceWrite Group(string tenant, string id, string displayName, params string[] members)
    {
        var document = new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrns.Group),
            ["id"] = id,
            ["displayName"] = displayName,
            ["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject { ["value"] = m })]),
        };
        return new ResourceWrite(tenant, ResourceTypeNames.Group, id, document);
    }

    public static JsonObject Email(string value, string? type = null, bool? primary = null)
    {
        var email = new JsonObject { ["value"] = value };
        if (type is not null)
        {
            email["type"] = type;
        }

        if (primary is not null)
        {
            email["primary"] = primary.Value;
        }

        return email;
    }
}
