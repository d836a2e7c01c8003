using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>The headers an identity provider sends with every SCIM request.</summary>
public sealed record IdpFlavour(string Name, string ContentType, string? Accept, string? UserAgent)
{
    /// <summary>Microsoft Entra provisioning service: <c>application/scim+json</c> bodies, no charset.</summary>
    public static readonly IdpFlavour Entra = new("Entra ID", "application/scim+json", "application/scim+json", null);

    /// <summary>Okta (developer.okta.com SCIM 2.0 reference): charset on the content type, its own user agent.</summary>
    public static readonly IdpFlavour Okta = new("Okta", "application/scim+json; charset=utf-8", "application/scim+json", "Okta SCIM Client 1.0.0");

    /// <summary>OneLogin's SCIM Provisioner: plain JSON bodies rendered from its JSON template.</summary>
    public static readonly IdpFlavour OneLogin = new("OneLogin", "application/json", "application/json", null);
}

/// <summary>An HTTP answer: status, headers and the parsed body (null when there is none).</summary>
public sealed record IdpResponse(HttpStatusCode Status, JsonObject? Body, string Text, HttpResponseMessage Message)
{
    public JsonObject Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status} but got {(int)Status}: {Text}");
        return Body ?? throw new InvalidOperationException($"Expected a JSON body with {(int)status}, got '{Text}'.");
    }

    public void ExpectNoBody(HttpStatusCode status)
    {
        Assert.True(Status == status, $"Expected {(int)status} but got {(int)Status}: {Text}");
        Assert.Equal("", Text);
    }
}

/// <summary>
/// A fresh tenant with its own token, driven over real HTTP the way an identity provider drives it.
/// Every test gets its own tenant, so tenant settings and data never leak between tests.
/// </summary>
public sealed class IdpTenant
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    private readonly ScimApplicationFactory _factory;

    private IdpTenant(ScimApplicationFactory factory, string id, string token, IdpFlavour flavour)
    {
        _factory = factory;
        Name = id;
        Token = token;
        Flavour = flavour;
        Http = factory.CreateScimClient(null);
    }

    /// <summary>The tenant id, as in its URL.</summary>
    public string Name { get; }

    public string Token { get; }

    public IdpFlavour Flavour { get; }

    public HttpClient Http { get; }

    /// <summary>The tenant URL a customer pastes into the IdP.</summary>
    public string BaseUrl => $"/scim/{Name}/v2";

    public ITenantGrain Grain => _factory.Grains.GetGrain<ITenantGrain>(Name);

    public static async Task<IdpTenant> CreateAsync(ScimApplicationFactory factory, IdpFlavour flavour, string tag,
        Func<TenantSettings, TenantSettings>? configure = null, string? domain = null)
    {
        var id = $"{tag}-{Guid.NewGuid():N}"[..30];
        var tenant = factory.Grains.GetGrain<ITenantGrain>(id);
        Assert.True(await tenant.Create());
        var issued = await tenant.IssueToken($"{flavour.Name} provisioning", DateTimeOffset.UtcNow.AddDays(90), domain);
        var idp = new IdpTenant(factory, id, issued.Value, flavour);
        if (configure is not null)
        {
            await idp.ConfigureAsync(configure);
        }

        return idp;
    }

    public async Task<TenantSettings> ConfigureAsync(Func<TenantSettings, TenantSettings> configure)
    {
        var result = await Grain.UpdateSettings(configure(await Grain.GetSettings()), purgeRemovedValues: false);
        Assert.True(result.Fault is null, $"Settings refused: {result.Fault?.Detail}");
        return result.Settings!;
    }

    /// <summary>A client for this tenant's URL with another token (or none).</summary>
    public IdpTenant WithToken(string? token) => new(_factory, Name, token ?? "", Flavour);

    public Task<IdpResponse> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery, null);

    public Task<IdpResponse> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public Task<IdpResponse> PutAsync(string path, string body) => SendAsync(HttpMethod.Put, path, body);

    public Task<IdpResponse> PatchAsync(string path, string body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<IdpResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    /// <summary>A PatchOp body around operations given as JSON text.</summary>
    public static string PatchOp(params string[] operations) =>
        $$"""{"schemas":["{{PatchOpSchema}}"],"Operations":[{{string.Join(",", operations)}}]}""";

    /// <summary>GET with a filter (URL-encoded here) and further query text, expecting 200.</summary>
    public async Task<JsonObject> QueryAsync(string endpoint, string filter, string? query = null)
    {
        var url = $"{endpoint}?filter={Uri.EscapeDataString(filter)}" + (query is null ? "" : "&" + query);
        return (await GetAsync(url)).Expect(HttpStatusCode.OK);
    }

    public async Task<JsonObject> GetResourceAsync(string path) => (await GetAsync(path)).Expect(HttpStatusCode.OK);

    /// <summary>Every user of the tenant, read page by page.</summary>
    public async Task<List<JsonObject>> AllAsync(string endpoint, string? query = null)
    {
        var all = new List<JsonObject>();
        var startIndex = 1;
        while (true)
        {
            var page = (await GetAsync($"{endpoint}?startIndex={startIndex}&count=500" + (query is null ? "" : "&" + query))).Expect(HttpStatusCode.OK);
            var resources = Resources(page);
            all.AddRange(resources);
            if (resources.Count == 0 || all.Count >= page["totalResults"]!.GetValue<int>())
            {
                return all;
            }

            startIndex += resources.Count;
        }
    }

    public async Task<IdpResponse> SendAsync(HttpMethod method, string path, string? body, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path);
        if (Token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        if (Flavour.Accept is { } accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (Flavour.UserAgent is { } agent)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", agent);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? Flavour.ContentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) as JsonObject : null;
        return new IdpResponse(response.StatusCode, json, text, response);
    }

    public static List<JsonObject> Resources(JsonObject list) =>
        [.. (list["Resources"] as JsonArray ?? []).Select(r => r!.AsObject())];

    public static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();

    public static string? Str(JsonNode? node) => node?.GetValue<string>();

    public static List<string> MemberIds(JsonObject group) =>
        [.. (group["members"] as JsonArray ?? []).Select(m => m!["value"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    public static List<string> EmailValues(JsonObject user) =>
        [.. (user["emails"] as JsonArray ?? []).Select(e => e!["value"]!.GetValue<string>())];

    public static string? WorkEmail(JsonObject user) =>
        (user["emails"] as JsonArray ?? []).FirstOrDefault(e => Str(e!["type"]) == "work")?["value"]?.GetValue<string>();

    public static bool Active(JsonObject user) => user["active"]?.GetValue<bool>() ?? true;

    /// <summary>Runs <paramref name="work"/> over the items with <paramref name="workers"/> parallel workers.</summary>
    public static Task ParallelAsync<T>(IEnumerable<T> items, int workers, Func<T, Task> work) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (item, _) => await work(item));
}
