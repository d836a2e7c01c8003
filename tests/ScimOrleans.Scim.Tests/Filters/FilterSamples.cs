using System.Text.Json.Nodes;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Tests.Filters;

/// <summary>Resources and schemas the filter tests run against, modelled on RFC 7643 §8.</summary>
internal static class FilterSamples
{
    public const string CustomUrn = "urn:scim:skillcast:User";

    public static JsonObject User() => JsonNode.Parse("""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "id": "2819c223-7f76-453a-919d-413861904646",
          "externalId": "Bjensen-EXT",
          "userName": "bjensen@example.com",
          "name": { "formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen", "givenName": "Barbara" },
          "displayName": "Babs Jensen",
          "nickName": "",
          "title": "Tour Guide",
          "userType": null,
          "active": true,
          "emails": [
            { "value": "bjensen@example.com", "type": "work", "primary": true },
            { "value": "babs@jensen.org", "type": "home" }
          ],
          "phoneNumbers": [],
          "addresses": [{}],
          "groups": [
            { "value": "e9e30dba-f08f-4109-8486-d5c6a331660a", "$ref": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Tour Guides" }
          ],
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984",
            "department": "Tour Operations",
            "manager": { "value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith" }
          },
          "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34+02:00",
            "version": "W/\"3694e05e9dff591\"",
            "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"
          }
        }
        """)!.AsObject();

    public static JsonObject Group() => JsonNode.Parse("""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
          "displayName": "Tour Guides",
          "members": [
            { "value": "2819c223-7f76-453a-919d-413861904646", "$ref": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen", "type": "User" },
            { "value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge", "type": "User" }
          ],
          "meta": { "resourceType": "Group", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z" }
        }
        """)!.AsObject();

    /// <summary>A made-up resource type with the attribute types the standard schemas lack.</summary>
    public static readonly ResourceSchema DeviceResource = new("Device", "/Devices", "Device",
        new SchemaDefinition("urn:example:scim:Device", "Device", "Device",
        [
            new("serial", AttributeType.String) { CaseExact = true },
            new("ports", AttributeType.Integer),
            new("weight", AttributeType.Decimal),
            new("enabled", AttributeType.Boolean),
            new("firmware", AttributeType.Binary),
            new("seen", AttributeType.DateTime),
            new("tags", AttributeType.String) { MultiValued = true },
            new("levels", AttributeType.Integer) { MultiValued = true },
            new("owner", AttributeType.Complex) { SubAttributes = [new("display", AttributeType.String)] },
        ]),
        [new SchemaExtensionReference(new SchemaDefinition(CustomUrn, "Skillcast", "Custom attributes",
            [new("Division", AttributeType.String), new("Grade", AttributeType.Integer)]), Required: false)]);

    public static JsonObject Device() => JsonNode.Parse("""
        {
          "id": "d-1",
          "serial": "SN-0042",
          "ports": 8,
          "weight": 2.75,
          "enabled": false,
          "firmware": "AAEC",
          "seen": "2024-03-01T12:00:00.000+01:00",
          "tags": ["Lab", "spare"],
          "levels": [1, 5, 9],
          "owner": { "display": "Facilities" },
          "urn:scim:skillcast:User": { "division": "Sales", "Grade": 3 }
        }
        """)!.AsObject();
}
