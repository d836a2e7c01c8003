using System.Net;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>GET/POST /admin/v1/tenants/{tenant}/users: search with SCIM filters and paging, read one, create one.</summary>
[Collection(AdminCollection.Name)]
public sealed class UserAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    [Fact]
    public async Task Users_are_searched_by_filter_and_paged()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        for (var i = 0; i < 3; i++)
        {
            await CreateScimUserAsync(scim, tenant, extra: """ "emails":[{"value":"x@example.com","type":"work","primary":true}] """);
        }

        var target = await CreateScimUserAsync(scim, tenant, extra: """ "displayName":"Ada Lovelace" """);

        var page = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?count=2&startIndex=1"), HttpStatusCode.OK);
        Assert.Equal(4, page["totalResults"]!.GetValue<int>());
        Assert.Equal(2, page["itemsPerPage"]!.GetValue<int>());
        Assert.Equal(2, page["users"]!.AsArray().Count);
        var user = page["users"]![0]!;
        foreach (var field in new[] { "id", "userName", "active", "kind", "emails", "groups", "roles", "meta" })
        {
            Assert.NotNull(user[field]);
        }

        Assert.Equal("dashboard", user["kind"]!.GetValue<string>());
        var found = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?filter={Q("displayName eq \"Ada Lovelace\"")}"), HttpStatusCode.OK);
        Assert.Equal(Id(target), Id(Assert.Single(found["users"]!.AsArray())!));
    }

    [Theory]
    [InlineData("filter=userName%20eq", "filter")]
    [InlineData("filter=nosuch%20eq%20%22x%22", "nosuch")]
    [InlineData("kind=robot", "kind")]
    [InlineData("count=lots", "count")]
    public async Task Bad_query_is_400(string query, string expected)
    {
        var tenant = await CreateTenantAsync();

        var response = await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?{query}");

        Assert.Contains(expected, await ExpectProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_user_is_404()
    {
        var tenant = await CreateTenantAsync();

        await ExpectProblemAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Created_dashboard_user_is_managed_by_scim()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        var userName = NewUserName();

        var created = await ExpectAsync(await Admin.PostAsync($"/admin/v1/tenants/{tenant}/users",
            Json($$"""{"kind":"dashboard","user":{"userName":"{{userName}}"} }""")), HttpStatusCode.Created);

        Assert.Equal("dashboard", created["kind"]!.GetValue<string>());
        var viaScim = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users/{Id(created)}"), HttpStatusCode.OK);
        Assert.Equal(userName, viaScim["userName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_user_is_400_and_a_taken_user_name_409()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        var existing = await CreateScimUserAsync(scim, tenant);

        var noUserName = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/users", Json("""{"kind":"learner","user":{"displayName":"x"}}"""));
        var noUser = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/users", Json("""{"kind":"learner"}"""));
        var badKind = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/users", Json("""{"kind":"robot","user":{"userName":"r@example.com"}}"""));
        var taken = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/users",
            Json($$"""{"kind":"learner","user":{"userName":"{{existing["userName"]!.GetValue<string>()}}"} }"""));

        Assert.Contains("userName", await ExpectProblemAsync(noUserName, HttpStatusCode.BadRequest));
        Assert.Contains("user", await ExpectProblemAsync(noUser, HttpStatusCode.BadRequest));
        Assert.Contains("robot", await ExpectProblemAsync(badKind, HttpStatusCode.BadRequest));
        await ExpectProblemAsync(taken, HttpStatusCode.Conflict);
    }
}
