using System.Net;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>POST/GET /admin/v1/tenants: create (201, 409, 400), list and read with the SCIM base URL.</summary>
[Collection(AdminCollection.Name)]
public sealed class TenantAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    [Fact]
    public async Task Create_is_201_with_location_and_scim_base_url_and_the_tenant_is_listed()
    {
        var id = NewTenantId();

        var response = await Admin.PostAsync("/admin/v1/tenants", Json($$"""{"id":"{{id}}"}"""));

        var created = await ExpectAsync(response, HttpStatusCode.Created);
        Assert.Equal(id, created["id"]!.GetValue<string>());
        Assert.Equal($"http://localhost/scim/{id}/v2", created["scimBaseUrl"]!.GetValue<string>());
        Assert.Equal($"/admin/v1/tenants/{id}", response.Headers.Location?.ToString());
        var listed = await ExpectArrayAsync(await Admin.GetAsync("/admin/v1/tenants"));
        var entry = Assert.Single(listed, t => t!["id"]!.GetValue<string>() == id);
        Assert.Equal($"http://localhost/scim/{id}/v2", entry!["scimBaseUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task Existing_tenant_is_409()
    {
        var id = await CreateTenantAsync();

        var response = await Admin.PostAsync("/admin/v1/tenants", Json($$"""{"id":"{{id}}"}"""));

        Assert.Contains(id, await ExpectProblemAsync(response, HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("""{"id":"Acme"}""")]
    [InlineData("""{"id":"acme corp"}""")]
    [InlineData("""{"id":"-acme"}""")]
    [InlineData("""{"id":"a/b"}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("""{}""")]
    public async Task Invalid_id_is_400(string body)
    {
        var response = await Admin.PostAsync("/admin/v1/tenants", Json(body));

        Assert.Contains("tenant id", await ExpectProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Get_shows_scim_base_url_creation_time_and_settings()
    {
        var id = await CreateTenantAsync();

        var tenant = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{id}"), HttpStatusCode.OK);

        Assert.Equal(id, tenant["id"]!.GetValue<string>());
        Assert.Equal($"http://localhost/scim/{id}/v2", tenant["scimBaseUrl"]!.GetValue<string>());
        var createdAt = DateTimeOffset.Parse(tenant["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
        var settings = tenant["settings"]!;
        Assert.True(settings["version"]!.GetValue<int>() >= 1);
        Assert.True(settings["groupsEnabled"]!.GetValue<bool>());
        Assert.Equal("dashboard", settings["scimUserKind"]!.GetValue<string>());
        Assert.Equal("reject", settings["duplicateUserPolicy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/tokens")]
    [InlineData("POST", "/tokens")]
    [InlineData("DELETE", "/tokens/abc")]
    [InlineData("GET", "/settings")]
    [InlineData("PUT", "/attributes")]
    [InlineData("GET", "/roles")]
    [InlineData("GET", "/users")]
    [InlineData("GET", "/users/abc")]
    [InlineData("POST", "/users")]
    [InlineData("GET", "/activity")]
    public async Task Unknown_tenant_is_404_everywhere(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/admin/v1/tenants/{NewTenantId()}{path}");
        if (method is "POST" or "PUT")
        {
            request.Content = Json("""{"name":"x","expiresInDays":1,"user":{"userName":"x@example.com"}}""");
        }

        var response = await Admin.SendAsync(request);

        Assert.Contains("not found", await ExpectProblemAsync(response, HttpStatusCode.NotFound));
    }
}
