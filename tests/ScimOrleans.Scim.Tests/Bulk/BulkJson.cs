using System.Text.Json.Nodes;
using ScimOrleans.Scim.Bulk;

namespace ScimOrleans.Scim.Tests.Bulk;

/// <summary>Bulk requests written compactly for the tests.</summary>
internal static class BulkJson
{
    public const string Schema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    public static JsonNode Request(params string[] operations) =>
        JsonNode.Parse($$"""{"schemas":["{{Schema}}"],"Operations":[{{string.Join(",", operations)}}]}""")!;

    public static string PostUser(string bulkId, string userName, string? extra = null) =>
        $$$"""{"method":"POST","path":"/Users","bulkId":"{{{bulkId}}}","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{{userName}}}"{{{(extra is null ? "" : "," + extra)}}}}}""";

    public static string PostGroup(string bulkId, params string[] memberValues) =>
        $$$"""{"method":"POST","path":"/Groups","bulkId":"{{{bulkId}}}","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{{bulkId}}}","members":[{{{string.Join(",", memberValues.Select(v => $$"""{"value":"{{v}}"}"""))}}}]}}""";

    public static BulkRequest Parse(params string[] operations) => BulkRequest.Parse(Request(operations), 1000);

    public static BulkPlan Plan(params string[] operations) => BulkPlan.Create(Parse(operations).Operations);
}
