using System.Net;
using System.Text.Json.Nodes;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Bulk;

/// <summary>Helpers for /Bulk tests: operations written compactly, the response read by operation.</summary>
public abstract class BulkTest(ScimApplicationFactory factory) : ScimTest(factory)
{
    public const string BulkRequestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public const string BulkResponseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    protected static string BulkBody(IEnumerable<string> operations, int? failOnErrors = null) =>
        $$"""{"schemas":["{{BulkRequestSchema}}"],{{(failOnErrors is { } n ? $"\"failOnErrors\":{n}," : "")}}"Operations":[{{string.Join(",", operations)}}]}""";

    protected static string PostUserOp(string bulkId, string userName, string? extra = null) =>
        $$$"""{"method":"POST","path":"/Users","bulkId":"{{{bulkId}}}","data":{{{ScimHttp.NewUser(userName, extra)}}}}""";

    protected static string PostGroupOp(string bulkId, string displayName, params string[] memberValues) =>
        $$$"""{"method":"POST","path":"/Groups","bulkId":"{{{bulkId}}}","data":{{{ScimHttp.NewGroup(displayName, memberValues)}}}}""";

    protected static string PatchOp(string path, string operation, string? version = null) =>
        $$$"""{"method":"PATCH","path":"{{{path}}}",{{{VersionMember(version)}}}"data":{{{Patch(operation)}}}}""";

    protected static string PutOp(string path, string data, string? version = null) =>
        $$$"""{"method":"PUT","path":"{{{path}}}",{{{VersionMember(version)}}}"data":{{{data}}}}""";

    protected static string DeleteOp(string path, string? version = null) =>
        $$"""{"method":"DELETE",{{VersionMember(version)}}"path":"{{path}}"}""";

    protected static string ReplaceTitle(string title) => $$"""{"op":"replace","path":"title","value":"{{title}}"}""";

    /// <summary>POSTs a BulkRequest and expects a 200 BulkResponse; returns its operations.</summary>
    protected async Task<List<JsonObject>> BulkAsync(string body)
    {
        var response = await PostAsync("/Bulk", body);
        var result = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/scim+json", ContentType(response)?.MediaType);
        Assert.Equal(BulkResponseSchema, Str(Assert.Single(result["schemas"]!.AsArray())));
        return [.. result["Operations"]!.AsArray().Select(o => o!.AsObject())];
    }

    protected static string Status(JsonObject operation) => Str(operation["status"])!;

    protected static string Location(JsonObject operation) => Str(operation["location"])!;

    protected static string IdFrom(JsonObject operation) => Location(operation)[(Location(operation).LastIndexOf('/') + 1)..];

    protected async Task<int> CountUsersAsync(string prefix) =>
        (await ListAsync("/Users", $"userName sw \"{prefix}\"", "count=0"))["totalResults"]!.GetValue<int>();

    private static string VersionMember(string? version) =>
        version is null ? "" : $"\"version\":{new JsonArray(version)[0]!.ToJsonString()},";
}
