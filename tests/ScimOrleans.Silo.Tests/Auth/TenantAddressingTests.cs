using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Auth;

/// <summary>
/// <c>/scim/v2</c> as a base URL without the tenant in it (Skilljar's set-up page gives one URL to
/// every customer): the bearer token's tenant is served, and nothing else changes.
/// </summary>
[Collection(ScimCollection.Name)]
public sealed class TenantAddressingTests(ScimApplicationFactory factory) : ScimTest(factory)
{
    [Fact]
    public async Task Tenantless_base_url_serves_the_tenant_of_the_token()
    {
        var userName = NewUserName("tenantless");
        var created = await ExpectAsync(
            await Client.PostAsync("/scim/v2/Users", ScimHttp.Json(ScimHttp.NewUser(userName))), HttpStatusCode.Created);

        var inAcme = await GetObjectAsync($"/Users/{Id(created)}");
        Assert.Equal(userName, Str(inAcme["userName"]));
        var viaTenantless = await ExpectAsync(await Client.GetAsync($"/scim/v2/Users/{Id(created)}"), HttpStatusCode.OK);
        Assert.Equal(Absolute($"/Users/{Id(created)}"), Str(viaTenantless["meta"]!["location"]));
        var listed = await ExpectAsync(
            await Client.GetAsync($"/scim/v2/Users?filter={Q($"userName eq \"{userName}\"")}"), HttpStatusCode.OK);
        Assert.Equal(1, listed["totalResults"]!.GetValue<int>());
        await ExpectAsync(await Client.GetAsync("/scim/v2/ServiceProviderConfig"), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/scim/v2//Users")]
    [InlineData("/scim/acme/v2//Users")]
    [InlineData("/scim/v2/Users/")]
    public async Task A_base_url_entered_with_a_trailing_slash_still_works(string path)
    {
        var listed = await ExpectAsync(await Client.GetAsync(path + "?count=1"), HttpStatusCode.OK);
        Assert.NotNull(listed["totalResults"]);
    }

    [Fact]
    public async Task Another_tenants_token_on_the_tenantless_url_sees_only_its_own_tenant()
    {
        var acmeUser = await CreateUserAsync();
        var otherToken = await Factory.CreateTenantAsync("t" + Guid.NewGuid().ToString("N")[..16]);
        using var other = Factory.CreateScimClient(otherToken);

        var byName = await ExpectAsync(
            await other.GetAsync($"/scim/v2/Users?filter={Q($"userName eq \"{Str(acmeUser["userName"])}\"")}"), HttpStatusCode.OK);
        Assert.Equal(0, byName["totalResults"]!.GetValue<int>());
        await ExpectErrorAsync(await other.GetAsync($"/scim/v2/Users/{Id(acmeUser)}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("scim_0123456789abcdef_not-a-real-secret")]
    [InlineData("some-token-nobody-issued")]
    public async Task Tenantless_url_without_a_known_token_is_401_with_a_bearer_challenge(string? token)
    {
        using var client = Factory.CreateScimClient(token);

        var response = await client.GetAsync("/scim/v2/Users");

        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme, ignoreCase: true);
    }

    [Fact]
    public async Task Tenantless_url_checks_the_secret_and_revocation_like_any_other()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..16];
        await Factory.CreateTenantAsync(tenant);
        var issued = await Factory.Grains.GetGrain<ITenantGrain>(tenant).IssueToken("to-revoke", DateTimeOffset.UtcNow.AddDays(1), null);
        using var good = Factory.CreateScimClient(issued.Value);
        using var wrongSecret = Factory.CreateScimClient(TokenFormat.Compose(issued.Info.Id, "wrong-secret"));

        await ExpectAsync(await good.GetAsync("/scim/v2/Users"), HttpStatusCode.OK);
        await ExpectErrorAsync(await wrongSecret.GetAsync("/scim/v2/Users"), HttpStatusCode.Unauthorized);
        await Factory.Grains.GetGrain<ITenantGrain>(tenant).RevokeToken(issued.Info.Id);
        await ExpectErrorAsync(await good.GetAsync("/scim/v2/Users"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tenantless_request_counts_one_use_of_its_token()
    {
        var tenant = "t" + Guid.NewGuid().ToString("N")[..16];
        await Factory.CreateTenantAsync(tenant);
        var issued = await Factory.Grains.GetGrain<ITenantGrain>(tenant).IssueToken("counted", DateTimeOffset.UtcNow.AddDays(1), null);
        using var client = Factory.CreateScimClient(issued.Value);

        for (var i = 0; i < 3; i++)
        {
            await ExpectAsync(await client.GetAsync("/scim/v2/Users?count=1"), HttpStatusCode.OK);
        }

        Assert.Equal(3, (await Factory.Grains.GetGrain<ITokenGrain>(issued.Info.Id).GetInfo())!.UseCount);
    }

    [Fact]
    public async Task A_configured_host_pattern_names_the_tenant()
    {
        await using var host = new ConfiguredScimHost(("Scim:TenantHost", "{tenant}.scim.test"));
        using var client = host.CreateScimClient();
        var created = await ExpectAsync(await client.PostAsync($"{host.BaseUrl}/Users", ScimHttp.Json(ScimHttp.NewUser(NewUserName()))), HttpStatusCode.Created);

        var onAcmeHost = await client.SendAsync(HostRequest("acme.scim.test", $"/scim/v2/Users/{Id(created)}"));
        await ExpectAsync(onAcmeHost, HttpStatusCode.OK);

        var otherTenant = "t" + Guid.NewGuid().ToString("N")[..16];
        await host.CreateTenantAsync(otherTenant);
        var acmeTokenOnOtherHost = await client.SendAsync(HostRequest($"{otherTenant}.SCIM.test:8443", "/scim/v2/Users"));
        await ExpectErrorAsync(acmeTokenOnOtherHost, HttpStatusCode.Unauthorized);
        await ExpectErrorAsync(await client.SendAsync(HostRequest("missing.scim.test", "/scim/v2/Users")), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{tenant}.scim.example.com", "acme.scim.example.com", "acme")]
    [InlineData("{tenant}.scim.example.com", "ACME.Scim.Example.com:443", "acme")]
    [InlineData("scim-{tenant}.example.com", "scim-globex.example.com", "globex")]
    [InlineData("{tenant}.scim.example.com", "scim.example.com", null)]
    [InlineData("{tenant}.scim.example.com", "acme.other.example.com", null)]
    [InlineData("{tenant}.scim.example.com", "a.b.scim.example.com", null)]
    public void Host_pattern_reads_the_tenant_label(string pattern, string host, string? tenant) =>
        Assert.Equal(tenant, Silo.Apis.TenantHostPattern.Parse(pattern)!.TenantOf(HostString.FromUriComponent(host)));

    [Theory]
    [InlineData("scim.example.com")]
    [InlineData("{tenant}.{tenant}.example.com")]
    public void Host_pattern_needs_exactly_one_tenant_label(string pattern) =>
        Assert.Throws<ArgumentException>(() => Silo.Apis.TenantHostPattern.Parse(pattern));

    private static HttpRequestMessage HostRequest(string host, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/scim+json"));
        return request;
    }
}
