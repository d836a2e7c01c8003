using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>Small helpers for SCIM requests and responses.</summary>
public static class ScimHttp
{
    public static StringContent Json(string json, string mediaType = "application/scim+json") =>
        new(json, Encoding.UTF8, mediaType);

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string url, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Json(json) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return client.SendAsync(request);
    }

    public static string NewUser(string userName, string? extra = null) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}"{{(extra is null ? "" : "," + extra)}}}""";

    public static string NewGroup(string displayName, params string[] memberIds) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{displayName}}","members":[{{string.Join(",", memberIds.Select(id => $$"""{"value":"{{id}}"}"""))}}]}""";
}
