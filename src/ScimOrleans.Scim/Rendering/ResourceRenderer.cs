using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Rendering;

/// <summary>
/// Adds what depends on the URL a client used: <c>meta.location</c> and the <c>$ref</c> of
/// group members, a user's groups and an enterprise manager. Stored documents hold neither, so a
/// tenant reached through another host name still gets links it can follow.
/// </summary>
public static class ResourceRenderer
{
    public static JsonObject Render(JsonObject stored, ResourceSchema schema, string baseUrl) =>
        RenderInPlace((JsonObject)stored.DeepClone(), schema, baseUrl);

    /// <summary>
    /// <see cref="Render"/> without the copy, for a caller that owns <paramref name="document"/>
    /// (freshly read or parsed for this response): the links are added to it and it is returned.
    /// </summary>
    public static JsonObject RenderInPlace(JsonObject document, ResourceSchema schema, string baseUrl)
    {
        var id = document["id"]?.GetValue<string>();
        if (document["meta"] is JsonObject meta && id is not null)
        {
            meta["location"] = $"{baseUrl}{schema.Endpoint}/{id}";
        }

        AddReferences(document["members"] as JsonArray, baseUrl, defaultType: "User");
        AddReferences(document["groups"] as JsonArray, baseUrl, defaultType: "Group");
        if (document[SchemaUrns.EnterpriseUser] is JsonObject enterprise
            && enterprise["manager"] is JsonObject manager
            && manager["value"]?.GetValue<string>() is { } managerId)
        {
            manager["$ref"] = $"{baseUrl}/Users/{managerId}";
        }

        return document;
    }

    private static void AddReferences(JsonArray? entries, string baseUrl, string defaultType)
    {
        foreach (var entry in entries?.OfType<JsonObject>() ?? [])
        {
            if (entry["value"]?.GetValue<string>() is not { } value)
            {
                continue;
            }

            // A user's groups carry direct/indirect in "type"; members carry User/Group.
            var type = entry["type"]?.GetValue<string>();
            var endpoint = type == "Group" || (type != "User" && defaultType == "Group") ? "Groups" : "Users";
            entry["$ref"] = $"{baseUrl}/{endpoint}/{value}";
        }
    }
}
