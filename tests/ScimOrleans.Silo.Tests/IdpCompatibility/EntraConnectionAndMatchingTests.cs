using System.Net;
using ScimOrleans.Silo.Tests.Infrastructure;
using static ScimOrleans.Silo.Tests.IdpCompatibility.IdpTenant;

namespace ScimOrleans.Silo.Tests.IdpCompatibility;

/// <summary>
/// Microsoft Entra provisioning service: Test Connection and the queries it uses to match an Entra
/// object to an existing resource before it decides between POST and PATCH.
/// </summary>
[Collection(IdpCollection.Name)]
public sealed class EntraConnectionAndMatchingTests(ScimApplicationFactory factory)
{
    private Task<IdpTenant> TenantAsync() => IdpTenant.CreateAsync(factory, IdpFlavour.Entra, "entra");

    /// <summary>The body Entra posts for a new user (Entra SCIM tutorial: meta and an empty roles array included).</summary>
    internal static string EntraUser(string userName, string externalId, string mail, string givenName = "Given", string familyName = "Family") => $$"""
        {"schemas":["{{UserSchema}}","{{EnterpriseSchema}}"],
         "externalId":"{{externalId}}","userName":"{{userName}}","active":true,
         "emails":[{"primary":true,"type":"work","value":"{{mail}}"}],
         "meta":{"resourceType":"User"},
         "name":{"formatted":"{{givenName}} {{familyName}}","familyName":"{{familyName}}","givenName":"{{givenName}}"},
         "roles":[]}
        """;

    [Fact]
    public async Task Test_connection_with_a_random_guid_userName_is_200_with_an_empty_list_response()
    {
        var tenant = await TenantAsync();

        var response = await tenant.GetAsync($"/Users?filter={Uri.EscapeDataString($"userName eq \"{Guid.NewGuid()}\"")}");

        var list = response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/scim+json", response.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal([ListResponseSchema], list["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Equal(0, list["totalResults"]!.GetValue<int>());
        Assert.Empty(list["Resources"]!.AsArray());
    }

    [Theory]
    [InlineData("not-the-token")]
    [InlineData("scim_0000000000000000000000000000000_secret")]
    [InlineData(null)]
    public async Task Test_connection_with_a_wrong_or_missing_token_is_401_which_Entra_reports_as_bad_credentials(string? token)
    {
        var tenant = await TenantAsync();

        var response = await tenant.WithToken(token).GetAsync($"/Users?filter={Uri.EscapeDataString($"userName eq \"{Guid.NewGuid()}\"")}");

        var error = response.Expect(HttpStatusCode.Unauthorized);
        Assert.Contains(ErrorSchema, error["schemas"]!.AsArray().Select(s => Str(s)));
        Assert.Equal("401", Str(error["status"]));
        Assert.Contains(response.Message.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_token_of_another_tenant_is_401_not_a_view_of_the_other_tenant()
    {
        var tenant = await TenantAsync();
        var other = await TenantAsync();

        var response = await tenant.WithToken(other.Token).GetAsync("/Users?startIndex=1&count=1");

        response.Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Entra_creates_a_user_with_its_own_body_and_finds_it_by_userName_externalId_and_work_email()
    {
        var tenant = await TenantAsync();
        var userName = $"Test_User_{Guid.NewGuid()}";
        var externalId = Guid.NewGuid().ToString();
        var mail = $"{userName}@testuser.com";

        var created = (await tenant.PostAsync("/Users", EntraUser(userName, externalId, mail))).Expect(HttpStatusCode.Created);

        Assert.Null(created["roles"]);
        foreach (var filter in new[]
        {
            $"userName eq \"{userName}\"",
            $"externalId eq \"{externalId}\"",
            $"emails[type eq \"work\"].value eq \"{mail}\"",
        })
        {
            var list = await tenant.QueryAsync("/Users", filter);
            Assert.Equal(1, list["totalResults"]!.GetValue<int>());
            var found = Assert.Single(Resources(list));
            Assert.Equal(Id(created), Id(found));
            Assert.Equal(userName, Str(found["userName"]));
        }
    }

    [Theory]
    [InlineData("o'brien+scim@contoso.test")]
    [InlineData("Ünïcødé.Nämé@contoso.test")]
    [InlineData("first last & co@contoso.test")]
    public async Task Matching_filters_with_url_encoded_special_characters_find_the_user(string userName)
    {
        var tenant = await TenantAsync();
        var created = (await tenant.PostAsync("/Users", EntraUser(userName, Guid.NewGuid().ToString(), "m-" + Guid.NewGuid().ToString("N") + "@contoso.test")))
            .Expect(HttpStatusCode.Created);

        var list = await tenant.QueryAsync("/Users", $"userName eq \"{userName}\"");

        Assert.Equal([Id(created)], Resources(list).Select(Id));
    }

    [Fact]
    public async Task Matching_on_a_work_email_ignores_the_same_address_of_another_type()
    {
        var tenant = await TenantAsync();
        var mail = $"{Guid.NewGuid():N}@contoso.test";
        var work = (await tenant.PostAsync("/Users", EntraUser("work-" + mail, Guid.NewGuid().ToString(), mail))).Expect(HttpStatusCode.Created);
        (await tenant.PostAsync("/Users", $$"""{"schemas":["{{UserSchema}}"],"userName":"home-{{mail}}","emails":[{"type":"home","value":"{{mail}}"}]}"""))
            .Expect(HttpStatusCode.Created);

        var list = await tenant.QueryAsync("/Users", $"emails[type eq \"work\"].value eq \"{mail}\"");

        Assert.Equal([Id(work)], Resources(list).Select(Id));
    }

    [Fact]
    public async Task Entra_reads_a_user_by_id_with_attributes_id()
    {
        var tenant = await TenantAsync();
        var created = (await tenant.PostAsync("/Users", EntraUser($"u-{Guid.NewGuid()}", Guid.NewGuid().ToString(), $"{Guid.NewGuid():N}@contoso.test")))
            .Expect(HttpStatusCode.Created);

        var list = await tenant.QueryAsync("/Users", $"id eq \"{Id(created)}\"", "attributes=id");

        var found = Assert.Single(Resources(list));
        Assert.Equal(Id(created), Id(found));
        Assert.Null(found["userName"]);
        Assert.Null(found["emails"]);
        Assert.Equal(0, (await tenant.QueryAsync("/Users", $"id eq \"{Guid.NewGuid()}\"", "attributes=id"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task Entra_gets_404_with_a_scim_error_for_a_user_that_is_gone()
    {
        var tenant = await TenantAsync();

        var response = await tenant.GetAsync($"/Users/{Guid.NewGuid()}");

        var error = response.Expect(HttpStatusCode.NotFound);
        Assert.Contains(ErrorSchema, error["schemas"]!.AsArray().Select(s => Str(s)));
    }

    [Fact]
    public async Task Entra_creates_a_group_with_its_AD_schema_and_matches_it_by_displayName_without_members()
    {
        var tenant = await TenantAsync();
        var user = (await tenant.PostAsync("/Users", EntraUser($"u-{Guid.NewGuid()}", Guid.NewGuid().ToString(), $"{Guid.NewGuid():N}@contoso.test")))
            .Expect(HttpStatusCode.Created);
        var displayName = $"Sales {Guid.NewGuid():N}";
        var externalId = Guid.NewGuid().ToString();

        var group = (await tenant.PostAsync("/Groups", $$"""
            {"schemas":["{{GroupSchema}}","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
             "externalId":"{{externalId}}","displayName":"{{displayName}}","meta":{"resourceType":"Group"} }
            """)).Expect(HttpStatusCode.Created);
        (await tenant.PatchAsync($"/Groups/{Id(group)}", PatchOp($$"""{"op":"Add","path":"members","value":[{"$ref":null,"value":"{{Id(user)}}"}]}""")))
            .Expect(HttpStatusCode.OK);

        var list = await tenant.QueryAsync("/Groups", $"displayName eq \"{displayName}\"", "excludedAttributes=members");
        var found = Assert.Single(Resources(list));
        Assert.Equal(Id(group), Id(found));
        Assert.Equal(externalId, Str(found["externalId"]));
        Assert.Null(found["members"]);

        var byId = (await tenant.GetAsync($"/Groups/{Id(group)}?excludedAttributes=members")).Expect(HttpStatusCode.OK);
        Assert.Null(byId["members"]);
        Assert.Equal([Id(user)], MemberIds(await tenant.GetResourceAsync($"/Groups/{Id(group)}")));
        var byFilter = await tenant.QueryAsync("/Groups", $"id eq \"{Id(group)}\"", "excludedAttributes=members");
        Assert.Equal([Id(group)], Resources(byFilter).Select(Id));
    }

    [Fact]
    public async Task A_displayName_query_for_a_group_that_does_not_exist_is_an_empty_list()
    {
        var tenant = await TenantAsync();

        var list = await tenant.QueryAsync("/Groups", $"displayName eq \"{Guid.NewGuid()}\"", "excludedAttributes=members");

        Assert.Equal(0, list["totalResults"]!.GetValue<int>());
        Assert.Empty(list["Resources"]!.AsArray());
    }
}
