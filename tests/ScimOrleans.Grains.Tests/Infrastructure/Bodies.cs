using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;

namespace ScimOrleans.Grains.Tests.Infrastructure;

public static class Bodies
{
    public static readonly ScimCaller Caller = new("test-token", "Grain tests", null, 0);

    public static string User(string userName, string? extra = null) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}"{{(extra is null ? "" : "," + extra)}}}""";

    public static string Group(string displayName, params string[] members) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{displayName}}","members":[{{string.Join(",", members.Select(m => $$"""{"value":"{{m}}"}"""))}}]}""";

    public static string Patch(params string[] operations) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{string.Join(",", operations)}}]}""";

    public static JsonObject Document(this ResourceWriteResult result)
    {
        Assert.Null(result.Fault);
        return (JsonObject)JsonNode.Parse(result.Resource!.Json)!;
    }

    public static string NewKey(string tenant) => ResourceKey.For(tenant, Guid.NewGuid().ToString());
}
