using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Discovery;

/// <summary>The <c>/Schemas</c> and <c>/ResourceTypes</c> representations (RFC 7643 §6, §7), written from the same definitions the server enforces.</summary>
public static class SchemaDocuments
{
    public static JsonObject Schema(SchemaDefinition schema, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(SchemaUrns.Schema),
        ["id"] = schema.Id,
        ["name"] = schema.Name,
        ["description"] = schema.Description,
        ["attributes"] = new JsonArray([.. schema.Attributes.Select(Attribute)]),
        ["meta"] = new JsonObject
        {
            ["resourceType"] = "Schema",
            ["location"] = $"{baseUrl}/Schemas/{schema.Id}",
        },
    };

    public static JsonObject ResourceType(ResourceSchema resource, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(SchemaUrns.ResourceType),
        ["id"] = resource.Name,
        ["name"] = resource.Name,
        ["endpoint"] = resource.Endpoint,
        ["description"] = resource.Description,
        ["schema"] = resource.Core.Id,
        ["schemaExtensions"] = new JsonArray([.. resource.Extensions.Select(e => (JsonNode)new JsonObject
        {
            ["schema"] = e.Schema.Id,
            ["required"] = e.Required,
        })]),
        ["meta"] = new JsonObject
        {
            ["resourceType"] = "ResourceType",
            ["location"] = $"{baseUrl}/ResourceTypes/{resource.Name}",
        },
    };

    private static JsonNode Attribute(AttributeDefinition attribute)
    {
        var json = new JsonObject
        {
            ["name"] = attribute.Name,
            ["type"] = TypeName(attribute.Type),
            ["multiValued"] = attribute.MultiValued,
            ["description"] = attribute.Description,
            ["required"] = attribute.Required,
            ["caseExact"] = attribute.CaseExact,
            ["mutability"] = Camel(attribute.Mutability.ToString()),
            ["returned"] = Camel(attribute.Returned.ToString()),
            ["uniqueness"] = Camel(attribute.Uniqueness.ToString()),
        };
        if (attribute.CanonicalValues.Count > 0)
        {
            json["canonicalValues"] = new JsonArray([.. attribute.CanonicalValues.Select(v => JsonValue.Create(v))]);
        }

        if (attribute.ReferenceTypes.Count > 0)
        {
            json["referenceTypes"] = new JsonArray([.. attribute.ReferenceTypes.Select(v => JsonValue.Create(v))]);
        }

        if (attribute.Type == AttributeType.Complex)
        {
            json["subAttributes"] = new JsonArray([.. attribute.SubAttributes.Select(Attribute)]);
        }

        return json;
    }

    private static string TypeName(AttributeType type) => type == AttributeType.DateTime ? "dateTime" : Camel(type.ToString());

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
