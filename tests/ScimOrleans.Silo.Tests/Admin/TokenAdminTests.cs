using System.Net;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>The token contract end to end: issue (value once), use over SCIM, list without secrets, revoke.</summary>
[Collection(AdminCollection.Name)]
public sealed class TokenAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    [Fact]
    public async Task Issue_use_list_revoke()
    {
        var tenant = await CreateTenantAsync();

        var response = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens",
            Json("""{"name":"Okta Production","expiresInDays":90,"domain":"acme.test"}"""));

        var issued = await ExpectAsync(response, HttpStatusCode.Created);
        var id = issued["id"]!.GetValue<string>();
        var token = issued["token"]!.GetValue<string>();
        Assert.Equal("Okta Production", issued["name"]!.GetValue<string>());
        Assert.Equal("acme.test", issued["domain"]!.GetValue<string>());
        Assert.Equal("active", issued["status"]!.GetValue<string>());
        Assert.NotNull(issued["createdAt"]);
        var expiresAt = DateTimeOffset.Parse(issued["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));
        Assert.StartsWith("scim_", token);

        using var scim = Scim(token);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/{tenant}/v2/Users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/{tenant}/v2/Users?count=1")).StatusCode);

        var listResponse = await Admin.GetAsync($"/admin/v1/tenants/{tenant}/tokens");
        var listText = await listResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, listText);
        Assert.DoesNotContain(token.Split('_').Last(), listText);
        var listed = Assert.Single(JsonNode.Parse(listText)!.AsArray());
        Assert.Equal(id, listed!["id"]!.GetValue<string>());
        Assert.Null(listed["token"]);
        Assert.Equal("active", listed["status"]!.GetValue<string>());
        Assert.True(listed["useCount"]!.GetValue<long>() >= 2, listText);
        Assert.NotNull(listed["lastUsedAt"]);
        Assert.Null(listed["revokedAt"]);
        foreach (var field in new[] { "name", "createdAt", "expiresAt", "domain" })
        {
            Assert.NotNull(listed[field]);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/admin/v1/tenants/{tenant}/tokens/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await scim.GetAsync($"/scim/{tenant}/v2/Users")).StatusCode);
        var afterRevoke = Assert.Single(await ExpectArrayAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/tokens")));
        Assert.Equal("revoked", afterRevoke!["status"]!.GetValue<string>());
        Assert.NotNull(afterRevoke["revokedAt"]);
        var single = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/tokens/{id}"), HttpStatusCode.OK);
        Assert.Equal("revoked", single["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Several_tokens_live_at_once_and_revoking_one_leaves_the_other()
    {
        var tenant = await CreateTenantAsync();
        var staging = await IssueTokenAsync(tenant, "Staging");
        var production = await IssueTokenAsync(tenant, "Production");

        await Admin.DeleteAsync($"/admin/v1/tenants/{tenant}/tokens/{staging["id"]!.GetValue<string>()}");

        using var stagingClient = Scim(staging["token"]!.GetValue<string>());
        using var productionClient = Scim(production["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await stagingClient.GetAsync($"/scim/{tenant}/v2/Users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await productionClient.GetAsync($"/scim/{tenant}/v2/Users")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_on_the_next_request_after_many_accepted_ones_and_they_are_all_counted()
    {
        const int requests = 100;
        var tenant = await CreateTenantAsync();
        var issued = await IssueTokenAsync(tenant);
        var id = issued["id"]!.GetValue<string>();
        using var scim = Scim(issued["token"]!.GetValue<string>());
        for (var i = 0; i < requests; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/{tenant}/v2/Users?count=0")).StatusCode);
        }

        var listed = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/tokens/{id}"), HttpStatusCode.OK);
        Assert.Equal(requests, listed["useCount"]!.GetValue<long>());

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/admin/v1/tenants/{tenant}/tokens/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await scim.GetAsync($"/scim/{tenant}/v2/Users?count=0")).StatusCode);
    }

    [Fact]
    public async Task ExpiresAt_date_is_accepted_instead_of_days()
    {
        var tenant = await CreateTenantAsync();
        var date = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var issued = await ExpectAsync(await Admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens",
            Json($$"""{"name":"Entra","expiresAt":"{{date}}"}""")), HttpStatusCode.Created);

        Assert.StartsWith(date, issued["expiresAt"]!.GetValue<string>());
        Assert.Null(issued["domain"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"name":"Too long","expiresInDays":400}""", "365")]
    [InlineData("""{"name":"No expiry"}""", "expir")]
    [InlineData("""{"name":"Both","expiresInDays":30,"expiresAt":"2030-01-01"}""", "not both")]
    [InlineData("""{"name":"Past","expiresAt":"2001-01-01"}""", "future")]
    [InlineData("""{"name":"Garbled","expiresAt":"next tuesday"}""", "ISO 8601")]
    [InlineData("""{"name":"Zero","expiresInDays":0}""", "expiresInDays")]
    [InlineData("""{"expiresInDays":30}""", "name")]
    [InlineData("""{"name":"Bad domain","expiresInDays":30,"domain":"not a domain"}""", "domain")]
    public async Task Invalid_token_request_is_400_saying_why(string body, string expected)
    {
        var tenant = await CreateTenantAsync();

        var response = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens", Json(body));

        Assert.Contains(expected, await ExpectProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await ExpectArrayAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/tokens")));
    }

    [Fact]
    public async Task Revoking_an_unknown_token_is_404()
    {
        var tenant = await CreateTenantAsync();

        var response = await Admin.DeleteAsync($"/admin/v1/tenants/{tenant}/tokens/0123456789abcdef");

        await ExpectProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_of_another_tenant_cannot_be_revoked_through_this_one()
    {
        var tenant = await CreateTenantAsync();
        var other = await CreateTenantAsync();
        var token = await IssueTokenAsync(other);

        var response = await Admin.DeleteAsync($"/admin/v1/tenants/{tenant}/tokens/{token["id"]!.GetValue<string>()}");

        await ExpectProblemAsync(response, HttpStatusCode.NotFound);
        using var scim = Scim(token["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/{other}/v2/Users")).StatusCode);
    }

    [Fact]
    public async Task Domain_bound_token_refuses_users_outside_the_domain_and_stores_nothing()
    {
        var tenant = await CreateTenantAsync();
        var token = await IssueTokenAsync(tenant, domain: "acme.test");
        using var scim = Scim(token["token"]!.GetValue<string>());
        var outside = NewUserName("other.test");

        var refused = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(NewUser(outside)));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("acme.test", await refused.Content.ReadAsStringAsync());
        var found = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?kind=all&filter={Q($"userName eq \"{outside}\"")}"), HttpStatusCode.OK);
        Assert.Equal(0, found["totalResults"]!.GetValue<int>());

        var inside = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(NewUser(NewUserName("acme.test"))));
        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
    }
}
