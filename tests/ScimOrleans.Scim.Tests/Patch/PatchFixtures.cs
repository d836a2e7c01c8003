using System.Text.Json.Nodes;
using ScimOrleans.Scim.Patch;
using ScimOrleans.Scim.Schema;
using static ScimOrleans.Scim.Tests.TestJson;

namespace ScimOrleans.Scim.Tests.Patch;

internal static class PatchFixtures
{
    public const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    public static JsonObject User() => Obj(
        "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u1','userName':'bjensen','displayName':'Babs','active':true," +
        "'emails':[{'value':'b@work.example','type':'work','primary':true},{'value':'b@home.example','type':'home'}]," +
        "'meta':{'resourceType':'User','version':'W/1'}}");

    public static JsonObject Group() => Obj(
        "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1','displayName':'Eng'," +
        "'members':[{'value':'u1','type':'User'},{'value':'u2','type':'User'},{'value':'u3','type':'User'}]," +
        "'meta':{'resourceType':'Group','version':'W/1'}}");

    /// <summary>Builds a PatchOp body around the operations, written as a single-quoted JSON array body.</summary>
    public static PatchRequest Request(string operations) =>
        PatchRequest.Parse(Node($"{{'schemas':['urn:ietf:params:scim:api:messages:2.0:PatchOp'],'Operations':[{operations}]}}"));

    public static PatchResult Apply(JsonObject resource, string operations, ResourceSchema? schema = null) =>
        PatchEngine.Apply(resource, Request(operations), schema ?? TestSchemas.User);

    public static PatchResult ApplyToGroup(JsonObject group, string operations) =>
        PatchEngine.Apply(group, Request(operations), ScimSchemas.GroupResource);

    public static string[] MemberIds(JsonObject group) =>
        group["members"] is JsonArray members ? [.. members.Select(m => m!["value"]!.GetValue<string>())] : [];
}
