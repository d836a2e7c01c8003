using System.Net;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>Tenant settings through the admin API and their effect on SCIM: groups, user kinds, duplicates.</summary>
[Collection(AdminCollection.Name)]
public sealed class SettingsAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    [Fact]
    public async Task Settings_round_trip_and_the_version_rises()
    {
        var tenant = await CreateTenantAsync();
        var before = await GetSettingsAsync(tenant);

        var response = await ChangeSettingsAsync(tenant, s =>
        {
            s["activityRetentionDays"] = 30;
            s["maxTokenLifetimeDays"] = 180;
            s["duplicateUserPolicy"] = "reactivate";
        });

        var after = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.True(after["version"]!.GetValue<int>() > before["version"]!.GetValue<int>());
        var read = await GetSettingsAsync(tenant);
        Assert.Equal(30, read["activityRetentionDays"]!.GetValue<int>());
        Assert.Equal(180, read["maxTokenLifetimeDays"]!.GetValue<int>());
        Assert.Equal("reactivate", read["duplicateUserPolicy"]!.GetValue<string>());
        var tooLong = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/tokens", Json("""{"name":"x","expiresInDays":200}"""));
        Assert.Contains("180", await ExpectProblemAsync(tooLong, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("activityRetentionDays", 0)]
    [InlineData("maxTokenLifetimeDays", 99999)]
    public async Task Invalid_settings_are_400(string name, int value)
    {
        var tenant = await CreateTenantAsync();

        var response = await ChangeSettingsAsync(tenant, s => s[name] = value);

        await ExpectProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Groups_off_makes_scim_groups_403_and_hides_the_resource_type()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/scim/{tenant}/v2/Groups")).StatusCode);

        await ExpectAsync(await ChangeSettingsAsync(tenant, s => s["groupsEnabled"] = false), HttpStatusCode.OK);

        var groups = await scim.GetAsync($"/scim/{tenant}/v2/Groups");
        Assert.Equal(HttpStatusCode.Forbidden, groups.StatusCode);
        Assert.Contains("switched off", await groups.Content.ReadAsStringAsync());
        var post = await scim.PostAsync($"/scim/{tenant}/v2/Groups", ScimJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"x"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var types = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/ResourceTypes"), HttpStatusCode.OK);
        Assert.DoesNotContain(Resources(types), t => t!["name"]!.GetValue<string>() == "Group");
        Assert.Contains(Resources(types), t => t!["name"]!.GetValue<string>() == "User");
    }

    [Fact]
    public async Task Admin_created_learner_is_invisible_to_scim_and_visible_to_the_admin()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        var userName = NewUserName();

        var response = await Admin.PostAsync($"/admin/v1/tenants/{tenant}/users",
            Json($$"""{"kind":"learner","user":{"schemas":["{{UserSchema}}"],"userName":"{{userName}}","displayName":"Lee Learner"} }"""));

        var learner = await ExpectAsync(response, HttpStatusCode.Created);
        var id = Id(learner);
        Assert.Equal("learner", learner["kind"]!.GetValue<string>());
        Assert.Equal(userName, learner["userName"]!.GetValue<string>());
        Assert.Equal($"/admin/v1/tenants/{tenant}/users/{id}", response.Headers.Location?.ToString());

        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/scim/{tenant}/v2/Users/{id}")).StatusCode);
        var filtered = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users?filter={Q($"userName eq \"{userName}\"")}"), HttpStatusCode.OK);
        Assert.Empty(Resources(filtered));
        var all = await ExpectAsync(await scim.GetAsync($"/scim/{tenant}/v2/Users"), HttpStatusCode.OK);
        Assert.DoesNotContain(Resources(all), r => Id(r!) == id);
        var patch = await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{id}", Patch("""{"op":"replace","path":"displayName","value":"Hacked"}"""));
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.DeleteAsync($"/scim/{tenant}/v2/Users/{id}")).StatusCode);
        var put = await scim.PutAsync($"/scim/{tenant}/v2/Users/{id}", ScimJson(NewUser(userName)));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);

        var everyone = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?kind=all"), HttpStatusCode.OK);
        var listed = Assert.Single(everyone["users"]!.AsArray(), u => Id(u!) == id);
        Assert.Equal("Lee Learner", listed!["displayName"]!.GetValue<string>());
        var learners = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?kind=learner"), HttpStatusCode.OK);
        Assert.Contains(learners["users"]!.AsArray(), u => Id(u!) == id);
        var dashboard = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?kind=dashboard"), HttpStatusCode.OK);
        Assert.DoesNotContain(dashboard["users"]!.AsArray(), u => Id(u!) == id);
        var single = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users/{id}"), HttpStatusCode.OK);
        Assert.Equal("Lee Learner", single["displayName"]!.GetValue<string>());
        Assert.Equal("Lee Learner", single["resource"]!["displayName"]!.GetValue<string>());
        Assert.DoesNotContain("Hacked", single.ToJsonString());
    }

    [Fact]
    public async Task Duplicate_policy_reactivate_returns_the_existing_user_active()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await ChangeSettingsAsync(tenant, s => s["duplicateUserPolicy"] = "reactivate"), HttpStatusCode.OK);
        var userName = NewUserName();
        var user = await CreateScimUserAsync(scim, tenant, userName);
        await ExpectAsync(await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{Id(user)}",
            Patch("""{"op":"replace","path":"active","value":false}""")), HttpStatusCode.OK);

        var again = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(NewUser(userName)));

        var returned = await ExpectAsync(again, HttpStatusCode.Created);
        Assert.Equal(Id(user), Id(returned));
        Assert.True(returned["active"]!.GetValue<bool>());
        var found = await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/users?filter={Q($"userName eq \"{userName}\"")}"), HttpStatusCode.OK);
        Assert.Equal(1, found["totalResults"]!.GetValue<int>());
        Assert.True(found["users"]![0]!["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Duplicate_policy_reject_is_409()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        var userName = NewUserName();
        var user = await CreateScimUserAsync(scim, tenant, userName);
        await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{Id(user)}", Patch("""{"op":"replace","path":"active","value":false}"""));

        var again = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson(NewUser(userName)));

        var error = await ExpectAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("uniqueness", error["scimType"]!.GetValue<string>());
    }
}
