using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Infrastructure;

/// <summary>
/// Base of the end-to-end tests on the shared host: a client for tenant <c>acme</c> and helpers that
/// create uniquely named resources, so tests sharing the tenant never see each other's data.
/// Subclasses carry <c>[Collection(ScimCollection.Name)]</c> themselves.
/// </summary>
public abstract class ScimTest(ScimApplicationFactory factory)
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string SearchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    public const string ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    protected ScimApplicationFactory Factory { get; } = factory;

    protected HttpClient Client { get; } = factory.CreateScimClient();

    protected static string Base => $"/scim/{ScimApplicationFactory.Tenant}/v2";

    /// <summary>An absolute URL as the host renders it for the test client.</summary>
    protected static string Absolute(string path) => "http://localhost" + Base + path;

    /// <summary>A fresh prefix that no other test uses: filters scoped by it see only this test's data.</summary>
    protected static string NewPrefix(string tag = "t") => $"{tag}-{Guid.NewGuid():N}";

    protected static string NewUserName(string tag = "user") => $"{NewPrefix(tag)}@example.com";

    protected static string Patch(params string[] operations) =>
        $$"""{"schemas":["{{PatchOpSchema}}"],"Operations":[{{string.Join(",", operations)}}]}""";

    protected static string Search(string? filter = null, string? extra = null)
    {
        var body = new JsonObject { ["schemas"] = new JsonArray(SearchRequestSchema) };
        if (filter is not null)
        {
            body["filter"] = filter;
        }

        var text = body.ToJsonString();
        return extra is null ? text : text[..^1] + "," + extra + "}";
    }

    protected static string Q(string value) => Uri.EscapeDataString(value);

    protected static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();

    protected static string Version(JsonObject resource) => resource["meta"]!["version"]!.GetValue<string>();

    protected static string? Str(JsonNode? node) => node?.GetValue<string>();

    protected async Task<JsonObject> CreateUserAsync(string? userName = null, string? extra = null)
    {
        var response = await Client.PostAsync($"{Base}/Users", ScimHttp.Json(ScimHttp.NewUser(userName ?? NewUserName(), extra)));
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    /// <summary>A user body naming the core and the enterprise schema, with more attributes in <paramref name="extra"/>.</summary>
    protected static string EnterpriseUser(string userName, string extra) =>
        $$"""{"schemas":["{{UserSchema}}","{{EnterpriseSchema}}"],"userName":"{{userName}}",{{extra}}}""";

    /// <summary>POSTs a full body to an endpoint and expects 201.</summary>
    protected async Task<JsonObject> CreateAsync(string endpoint, string body) =>
        await ExpectAsync(await PostAsync(endpoint, body), HttpStatusCode.Created);

    protected async Task<JsonObject> CreateGroupAsync(string? displayName = null, params string[] memberIds)
    {
        var response = await Client.PostAsync($"{Base}/Groups", ScimHttp.Json(ScimHttp.NewGroup(displayName ?? NewPrefix("group"), memberIds)));
        return await ExpectAsync(response, HttpStatusCode.Created);
    }

    protected Task<HttpResponseMessage> PostAsync(string path, string json, string mediaType = "application/scim+json") =>
        Client.PostAsync(Base + path, ScimHttp.Json(json, mediaType));

    protected Task<HttpResponseMessage> PutAsync(string path, string json, string? ifMatch = null) =>
        SendAsync(HttpMethod.Put, path, json, ifMatch);

    protected Task<HttpResponseMessage> PatchAsync(string path, string json, string? ifMatch = null) =>
        SendAsync(HttpMethod.Patch, path, json, ifMatch);

    protected Task<HttpResponseMessage> DeleteAsync(string path, string? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, path, null, ifMatch);

    protected Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(Base + path);

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (json is not null)
        {
            request.Content = ScimHttp.Json(json);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return Client.SendAsync(request);
    }

    /// <summary>GETs a resource or list and expects 200.</summary>
    protected async Task<JsonObject> GetObjectAsync(string path) => await ExpectAsync(await GetAsync(path), HttpStatusCode.OK);

    /// <summary>GET /Users or /Groups with a filter (escaped here) and further query text.</summary>
    protected async Task<JsonObject> ListAsync(string endpoint, string? filter = null, string? query = null)
    {
        var parts = new List<string>();
        if (filter is not null)
        {
            parts.Add("filter=" + Q(filter));
        }

        if (query is not null)
        {
            parts.Add(query);
        }

        return await GetObjectAsync(parts.Count == 0 ? endpoint : $"{endpoint}?{string.Join("&", parts)}");
    }

    protected static JsonArray Resources(JsonObject list) => list["Resources"] as JsonArray ?? [];

    protected static List<string> Ids(JsonObject list) => [.. Resources(list).Select(r => Id(r!.AsObject()))];

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status is wrong.</summary>
    protected static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    /// <summary>Asserts a SCIM error document (RFC 7644 §3.12) with this status and scimType (null: none asserted).</summary>
    protected static async Task<JsonObject> ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? scimType = null)
    {
        var error = await ExpectAsync(response, status);
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(ErrorSchema, error["schemas"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error["status"]!.GetValue<string>());
        if (scimType is not null)
        {
            Assert.Equal(scimType, error["scimType"]?.GetValue<string>());
        }

        return error;
    }

    protected static string? ETag(HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? (response.Headers.TryGetValues("ETag", out var values) ? values.First() : null);

    protected static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
