using System.Net;
using System.Text.Json.Nodes;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>The operator key guards /admin/v1 (problem 401s); the OpenAPI document is public.</summary>
[Collection(AdminCollection.Name)]
public sealed class AdminAuthTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    [Fact]
    public async Task Missing_key_is_401_problem_with_bearer_challenge()
    {
        using var anonymous = CreateClient(Factory, bearer: null);

        var response = await anonymous.GetAsync("/admin/v1/tenants");

        var detail = await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization", detail);
    }

    [Theory]
    [InlineData("wrong-key-wrong-key-wrong-key")]
    [InlineData(AdminApplicationFactory.ApiKey + "x")]
    [InlineData("operator-key-for-admin-tests-012345678")]
    public async Task Wrong_key_is_401(string key)
    {
        using var client = CreateClient(Factory, key);

        var response = await client.GetAsync("/admin/v1/tenants");

        await ExpectProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Right_key_is_200()
    {
        var response = await Admin.GetAsync("/admin/v1/tenants");

        await ExpectArrayAsync(response);
    }

    [Fact]
    public async Task Scim_token_does_not_open_the_admin_api_nor_the_key_scim()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();

        await ExpectProblemAsync(await scim.GetAsync("/admin/v1/tenants"), HttpStatusCode.Unauthorized);
        var response = await Admin.GetAsync($"/scim/{tenant}/v2/Users");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_admin_route_is_404_problem()
    {
        var response = await Admin.GetAsync("/admin/v1/nothing-here");

        await ExpectProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unreadable_body_is_400_problem_naming_what_failed()
    {
        var response = await Admin.PostAsync("/admin/v1/tenants", Json("{not json"));

        var detail = await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("body", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenApi_document_is_readable_without_a_key_and_describes_the_admin_api()
    {
        using var anonymous = CreateClient(Factory, bearer: null);

        var response = await anonymous.GetAsync("/openapi/v1.json");

        var document = await ExpectAsync(response, HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/admin/v1/tenants"));
        Assert.True(paths.ContainsKey("/admin/v1/tenants/{tenant}/tokens"));
        Assert.True(paths.ContainsKey("/admin/v1/tenants/{tenant}/tokens/{id}"));
        Assert.True(paths.ContainsKey("/admin/v1/tenants/{tenant}/activity"));
        var adminOperations = paths.Where(p => p.Key.StartsWith("/admin/v1", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value as JsonObject))
            .OfType<JsonObject>()
            .ToList();
        Assert.NotEmpty(adminOperations);
        Assert.All(adminOperations, o => Assert.False(string.IsNullOrWhiteSpace(o["summary"]?.GetValue<string>())));
    }
}
