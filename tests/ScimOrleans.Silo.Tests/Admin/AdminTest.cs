using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>
/// Base of the admin API tests: an operator client, helpers to create a fresh tenant and token
/// through the admin API and to talk SCIM to that tenant with it.
/// </summary>
public abstract class AdminTest(AdminApplicationFactory factory)
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string CustomUrn = "urn:scim:skillcast:User";

    protected AdminApplicationFactory Factory { get; } = factory;

    protected HttpClient Admin { get; } = CreateClient(factory, AdminApplicationFactory.ApiKey);

    protected static HttpClient CreateClient(AdminApplicationFactory factory, string? bearer)
    {
        var client = factory.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    protected HttpClient Scim(string token) => CreateClient(Factory, token);

    protected static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    protected static string NewUserName(string domain = "example.com") => $"u-{Guid.NewGuid():N}@{domain}";

    protected static string Q(string value) => Uri.EscapeDataString(value);

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static StringContent ScimJson(string json) => new(json, Encoding.UTF8, "application/scim+json");

    protected static string NewUser(string userName, string? extra = null) =>
        $$"""{"schemas":["{{UserSchema}}"],"userName":"{{userName}}"{{(extra is null ? "" : "," + extra)}}}""";

    protected static string Patch(params string[] operations) =>
        $$"""{"schemas":["{{PatchOpSchema}}"],"Operations":[{{string.Join(",", operations)}}]}""";

    protected async Task<string> CreateTenantAsync()
    {
        var id = NewTenantId();
        await ExpectAsync(await Admin.PostAsync("/admin/v1/tenants", Json($$"""{"id":"{{id}}"}""")), HttpStatusCode.Created);
        return id;
    }

    protected async Task<JsonObject> IssueTokenAsync(string tenant, string name = "Okta Production", string? domain = null)
    {
        var body = new JsonObject { ["name"] = name, ["expiresInDays"] = 90 };
        if (domain is not null)
        {
            body["domain"] = domain;
        }

        return await ExpectAsync(await Admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens", Json(body.ToJsonString())), HttpStatusCode.Created);
    }

    /// <summary>A fresh tenant and a SCIM client holding a token of it.</summary>
    protected async Task<(string Tenant, HttpClient Scim)> NewTenantWithTokenAsync(string tokenName = "Okta Production")
    {
        var tenant = await CreateTenantAsync();
        var token = await IssueTokenAsync(tenant, tokenName);
        return (tenant, Scim(token["token"]!.GetValue<string>()));
    }

    protected static async Task<JsonObject> CreateScimUserAsync(HttpClient scim, string tenant, string? userName = null, string? extra = null) =>
        await ExpectAsync(await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(NewUser(userName ?? NewUserName(), extra))), HttpStatusCode.Created);

    protected static Task<HttpResponseMessage> ScimPatchAsync(HttpClient scim, string url, string body) =>
        scim.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = ScimJson(body) });

    protected async Task<JsonObject> GetSettingsAsync(string tenant) =>
        await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/settings"), HttpStatusCode.OK);

    /// <summary>Reads the settings, lets <paramref name="change"/> edit them, and PUTs them back whole.</summary>
    protected async Task<HttpResponseMessage> ChangeSettingsAsync(string tenant, Action<JsonObject> change, bool purge = false)
    {
        var settings = await GetSettingsAsync(tenant);
        settings.Remove("version");
        change(settings);
        return await Admin.PutAsync($"/admin/v1/tenants/{tenant}/settings{(purge ? "?purge=true" : "")}", Json(settings.ToJsonString()));
    }

    protected static string Id(JsonNode resource) => resource["id"]!.GetValue<string>();

    protected static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    protected static async Task<JsonArray> ExpectArrayAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text) as JsonArray ?? throw new InvalidOperationException($"Not a JSON array: {text}");
    }

    /// <summary>Asserts an RFC 7807 problem with this status; returns its detail.</summary>
    protected static async Task<string> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ExpectAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        var detail = problem["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), "A problem needs a detail.");
        return detail!;
    }

    protected static JsonArray Resources(JsonObject list) => list["Resources"] as JsonArray ?? [];
}
