using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Auth;

/// <summary>Bearer tokens per tenant: 401 with WWW-Authenticate and a SCIM error, and tenant isolation.</summary>
[Collection(ScimCollection.Name)]
public sealed class AuthTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "GET", "/Users" },
        { "GET", "/Users/some-id" },
        { "POST", "/Users" },
        { "PUT", "/Users/some-id" },
        { "PATCH", "/Users/some-id" },
        { "DELETE", "/Users/some-id" },
        { "POST", "/Users/.search" },
        { "GET", "/Groups" },
        { "POST", "/Groups" },
        { "DELETE", "/Groups/some-id" },
        { "POST", "/.search" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Missing_token_is_401_with_www_authenticate_and_scim_error(string method, string path)
    {
        using var client = Factory.CreateScimClient(token: null);

        var response = await client.SendAsync(Request(method, path));

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        AssertBearerChallenge(response);
    }

    [Theory]
    [InlineData("Basic", "eHl6")]
    [InlineData("Bearer", "")]
    [InlineData("Token", ScimApplicationFactory.Token)]
    public async Task Malformed_authorization_header_is_401(string scheme, string parameter)
    {
        using var client = Factory.CreateScimClient(token: null);
        var request = Request("GET", "/Users");
        request.Headers.TryAddWithoutValidation("Authorization", parameter.Length == 0 ? scheme : $"{scheme} {parameter}");

        var response = await client.SendAsync(request);

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        AssertBearerChallenge(response);
    }

    [Theory]
    [InlineData("not-a-real-token")]
    [InlineData("scim_0123456789abcdef_notthesecret")]
    [InlineData(ScimApplicationFactory.Token + "x")]
    public async Task Unknown_token_is_401(string token)
    {
        using var client = Factory.CreateScimClient(token);

        var response = await client.GetAsync($"{Base}/Users");

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        AssertBearerChallenge(response);
    }

    [Fact]
    public async Task Unknown_token_cannot_write()
    {
        using var client = Factory.CreateScimClient("not-a-real-token");
        var userName = NewUserName();

        var response = await client.PostAsync($"{Base}/Users", ScimHttp.Json(ScimHttp.NewUser(userName)));

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive()
    {
        using var client = Factory.CreateScimClient(token: null);
        var request = Request("GET", "/Users?count=0");
        request.Headers.TryAddWithoutValidation("Authorization", $"bearer {ScimApplicationFactory.Token}");

        var response = await client.SendAsync(request);

        await ExpectAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_tenants_token_is_401_on_this_tenant_and_works_on_its_own_in_isolation()
    {
        var otherTenant = NewTenantName();
        var otherToken = await Factory.CreateTenantAsync(otherTenant);
        var acmeUser = await CreateUserAsync();
        using var other = Factory.CreateScimClient(otherToken);

        var onAcme = await other.GetAsync($"{Base}/Users");
        await ExpectErrorAsync(onAcme, HttpStatusCode.Unauthorized);
        AssertBearerChallenge(onAcme);
        await ExpectErrorAsync(await other.GetAsync($"{Base}/Users/{Id(acmeUser)}"), HttpStatusCode.Unauthorized);

        var own = await ExpectAsync(await other.GetAsync($"/scim/{otherTenant}/v2/Users"), HttpStatusCode.OK);
        Assert.Equal(0, own["totalResults"]!.GetValue<int>());
        var byName = await ExpectAsync(
            await other.GetAsync($"/scim/{otherTenant}/v2/Users?filter={Q($"userName eq \"{Str(acmeUser["userName"])}\"")}"), HttpStatusCode.OK);
        Assert.Equal(0, byName["totalResults"]!.GetValue<int>());
        await ExpectErrorAsync(await other.GetAsync($"/scim/{otherTenant}/v2/Users/{Id(acmeUser)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Acme_token_is_401_on_another_existing_tenant()
    {
        var otherTenant = NewTenantName();
        await Factory.CreateTenantAsync(otherTenant);

        var response = await Client.GetAsync($"/scim/{otherTenant}/v2/Users");

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        AssertBearerChallenge(response);
    }

    [Fact]
    public async Task Tenants_can_hold_the_same_user_name_independently()
    {
        var otherTenant = NewTenantName();
        var otherToken = await Factory.CreateTenantAsync(otherTenant);
        using var other = Factory.CreateScimClient(otherToken);
        var userName = NewUserName();
        var acmeUser = await CreateUserAsync(userName);

        var response = await other.PostAsync($"/scim/{otherTenant}/v2/Users", ScimHttp.Json(ScimHttp.NewUser(userName)));

        var otherUser = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.NotEqual(Id(acmeUser), Id(otherUser));
        Assert.StartsWith($"http://localhost/scim/{otherTenant}/v2/Users/", Str(otherUser["meta"]!["location"]), StringComparison.Ordinal);
        Assert.Equal([Id(acmeUser)], Ids(await ListAsync("/Users", $"userName eq \"{userName}\"")));
    }

    [Fact]
    public async Task Writes_with_another_tenants_token_cannot_touch_this_tenants_resources()
    {
        var otherTenant = NewTenantName();
        var otherToken = await Factory.CreateTenantAsync(otherTenant);
        using var other = Factory.CreateScimClient(otherToken);
        var acmeUser = await CreateUserAsync();

        var patchOwnUrl = new HttpRequestMessage(HttpMethod.Patch, $"/scim/{otherTenant}/v2/Users/{Id(acmeUser)}")
        {
            Content = ScimHttp.Json(Patch("""{"op":"replace","path":"title","value":"hijacked"}""")),
        };
        var deleteAcmeUrl = new HttpRequestMessage(HttpMethod.Delete, $"{Base}/Users/{Id(acmeUser)}");

        await ExpectErrorAsync(await other.SendAsync(patchOwnUrl), HttpStatusCode.NotFound);
        await ExpectErrorAsync(await other.SendAsync(deleteAcmeUrl), HttpStatusCode.Unauthorized);
        var stored = await GetObjectAsync($"/Users/{Id(acmeUser)}");
        Assert.Equal(Version(acmeUser), Version(stored));
    }

    [Fact]
    public async Task Search_at_the_base_url_sees_only_the_tenants_own_resources()
    {
        var otherTenant = NewTenantName();
        var otherToken = await Factory.CreateTenantAsync(otherTenant);
        using var other = Factory.CreateScimClient(otherToken);
        var prefix = NewPrefix("iso");
        await CreateUserAsync(extra: $$""" "displayName":"{{prefix}}-acme" """);

        var response = await other.PostAsync($"/scim/{otherTenant}/v2/.search", ScimHttp.Json(Search($"displayName sw \"{prefix}\"")));

        Assert.Equal(0, (await ExpectAsync(response, HttpStatusCode.OK))["totalResults"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/ServiceProviderConfig")]
    [InlineData("/ResourceTypes")]
    [InlineData("/ResourceTypes/User")]
    [InlineData("/Schemas")]
    [InlineData("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")]
    public async Task Discovery_is_readable_without_a_token(string path)
    {
        using var client = Factory.CreateScimClient(token: null);

        var response = await client.GetAsync(Base + path);

        await ExpectAsync(response, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/ServiceProviderConfig")]
    [InlineData("/ResourceTypes")]
    [InlineData("/Schemas")]
    public async Task Discovery_of_an_unknown_tenant_is_404(string path)
    {
        using var client = Factory.CreateScimClient(token: null);

        var response = await client.GetAsync($"/scim/no-such-tenant-{Guid.NewGuid():N}"[..40] + "/v2" + path);

        await ExpectErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_tenant_without_a_token_is_404_not_401()
    {
        using var client = Factory.CreateScimClient(token: null);

        await ExpectErrorAsync(await client.GetAsync("/scim/never-created/v2/Users"), HttpStatusCode.NotFound);
    }

    private static string NewTenantName() => "t" + Guid.NewGuid().ToString("N")[..16];

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Base + path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = ScimHttp.Json(path.EndsWith(".search", StringComparison.Ordinal) ? Search()
                : method == "PATCH" ? Patch("""{"op":"replace","path":"displayName","value":"x"}""")
                : ScimHttp.NewUser(NewUserName()));
        }

        return request;
    }

    private static void AssertBearerChallenge(HttpResponseMessage response)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme, ignoreCase: true);
    }
}
