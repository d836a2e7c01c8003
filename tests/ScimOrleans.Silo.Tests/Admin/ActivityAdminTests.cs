using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScimOrleans.Silo.Admin;
using ScimOrleans.Storage;

namespace ScimOrleans.Silo.Tests.Admin;

/// <summary>The activity log through the admin API, and the retention sweep that purges it.</summary>
[Collection(AdminCollection.Name)]
public sealed class ActivityAdminTests(AdminApplicationFactory factory) : AdminTest(factory)
{
    [Fact]
    public async Task Changes_and_failures_are_logged_with_token_name_and_masked_secrets()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync("Entra Production");
        const string Password = "Sup3r-Secret-Pa55word";
        var user = await CreateScimUserAsync(scim, tenant, extra: $$""" "displayName":"Grace","password":"{{Password}}" """);
        var id = Id(user);
        await ExpectAsync(await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{id}",
            Patch("""{"op":"replace","path":"displayName","value":"Grace Hopper"}""")), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/scim/{tenant}/v2/Users/{id}")).StatusCode);
        var failed = await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);

        var response = await Admin.GetAsync($"/admin/v1/tenants/{tenant}/activity");

        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, text);
        var page = await ExpectAsync(response, HttpStatusCode.OK);
        var entries = page["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal("Entra Production", e["tokenName"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("User", e["resourceType"]!.GetValue<string>()));
        var sequences = entries.Select(e => e["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(["POST", "DELETE", "PATCH", "POST"], entries.Select(e => e["operation"]!.GetValue<string>()));

        var (failure, deleted, patched, created) = (entries[0], entries[1], entries[2], entries[3]);
        Assert.Equal(400, failure["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(failure["detail"]?.GetValue<string>()));
        Assert.Equal(204, deleted["status"]!.GetValue<int>());
        Assert.Equal(id, deleted["resourceId"]!.GetValue<string>());
        Assert.Equal("Grace Hopper", patched["changes"]!["displayName"]!.GetValue<string>());
        Assert.Equal(201, created["status"]!.GetValue<int>());
        Assert.Equal(id, created["resourceId"]!.GetValue<string>());
        Assert.Equal("***", created["changes"]!["password"]!.GetValue<string>());
        Assert.NotNull(created["time"]);
    }

    [Fact]
    public async Task Activity_pages_with_before_and_filters_by_outcome_resource_and_operation()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Id(await CreateScimUserAsync(scim, tenant)));
        }

        await scim.PostAsync($"/scim/{tenant}/v2/Users", ScimJson("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"""));
        await ScimPatchAsync(scim, $"/scim/{tenant}/v2/Users/{ids[0]}", Patch("""{"op":"replace","path":"displayName","value":"First"}"""));

        var first = await ActivityAsync(tenant, "count=3");
        var second = await ActivityAsync(tenant, $"count=3&before={first["nextBefore"]!.GetValue<long>()}");
        var third = await ActivityAsync(tenant, $"count=3&before={second["nextBefore"]!.GetValue<long>()}");

        var pages = new[] { first, second, third }.SelectMany(p => p["entries"]!.AsArray()).Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(7, pages.Count);
        Assert.Equal(pages.Distinct().OrderDescending(), pages);
        Assert.Null(third["nextBefore"]?.GetValue<long?>());

        var failures = (await ActivityAsync(tenant, "outcome=failure"))["entries"]!.AsArray();
        Assert.Equal(400, Assert.Single(failures)!["status"]!.GetValue<int>());
        var successes = (await ActivityAsync(tenant, "outcome=success"))["entries"]!.AsArray();
        Assert.Equal(6, successes.Count);
        Assert.All(successes, e => Assert.InRange(e!["status"]!.GetValue<int>(), 200, 299));
        var forOne = (await ActivityAsync(tenant, $"resourceId={ids[0]}"))["entries"]!.AsArray();
        Assert.Equal(2, forOne.Count);
        var patches = (await ActivityAsync(tenant, "operation=PATCH"))["entries"]!.AsArray();
        Assert.Equal("PATCH", Assert.Single(patches)!["operation"]!.GetValue<string>());
        var byToken = (await ActivityAsync(tenant, "token=Okta%20Production"))["entries"]!.AsArray();
        Assert.Equal(7, byToken.Count);
        Assert.Empty((await ActivityAsync(tenant, "token=Someone%20Else"))["entries"]!.AsArray());
        Assert.Empty((await ActivityAsync(tenant, $"to={Q(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}"))["entries"]!.AsArray());
        Assert.Equal(7, (await ActivityAsync(tenant, $"from={Q(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}"))["entries"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("count=many", "count")]
    [InlineData("from=yesterday", "from")]
    public async Task Bad_activity_query_is_400(string query, string expected)
    {
        var tenant = await CreateTenantAsync();

        var response = await Admin.GetAsync($"/admin/v1/tenants/{tenant}/activity?{query}");

        Assert.Contains(expected, await ExpectProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Sweep_purges_entries_older_than_each_tenants_retention()
    {
        var (tenant, scim) = await NewTenantWithTokenAsync();
        await ExpectAsync(await ChangeSettingsAsync(tenant, s => s["activityRetentionDays"] = 7), HttpStatusCode.OK);
        var now = DateTimeOffset.UtcNow;
        var created = Id(await CreateScimUserAsync(scim, tenant));
        await AppendAsync(tenant, now.AddDays(-2), "old");
        await AppendAsync(tenant, now.AddDays(4), "kept");
        var (other, _) = await NewTenantWithTokenAsync();
        await AppendAsync(other, now.AddDays(-30), "other-tenant-keeps-90-days");
        // Ten days on: everything of the 7-day tenant written until 3 days from now is out of retention.
        var later = new FakeTimeProvider(now.AddDays(10));

        var purged = await Sweeper(later).SweepAsync();

        Assert.True(purged >= 2, $"purged {purged}");
        Assert.Equal(["kept"], await ResourceIdsAsync(tenant));
        Assert.DoesNotContain(created, await ResourceIdsAsync(tenant));
        Assert.Contains("other-tenant-keeps-90-days", await ResourceIdsAsync(other));
    }

    [Fact]
    public async Task Hosted_service_sweeps_every_interval_of_its_time_provider()
    {
        Assert.Contains(Factory.Retention, Factory.Services.GetServices<IHostedService>());
        var tenant = await CreateTenantAsync();
        await AppendAsync(tenant, DateTimeOffset.UtcNow, "written-today");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(91));
        var sweeper = Sweeper(time);
        await sweeper.StartAsync(CancellationToken.None);
        try
        {
            time.Advance(TimeSpan.FromMinutes(59));
            await Task.Delay(200);
            Assert.Equal(["written-today"], await ResourceIdsAsync(tenant));

            time.Advance(TimeSpan.FromMinutes(1));

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await ResourceIdsAsync(tenant)).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Empty(await ResourceIdsAsync(tenant));
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A sweeper on the host's grains and store with its own clock (the host's runs on real time).</summary>
    private ActivityRetentionService Sweeper(TimeProvider time) => new(
        Factory.Services.GetRequiredService<IGrainFactory>(),
        Factory.Store,
        time,
        Options.Create(new AdminOptions { RetentionSweepInterval = TimeSpan.FromHours(1) }),
        NullLogger<ActivityRetentionService>.Instance);

    private async Task<List<string?>> ResourceIdsAsync(string tenant) =>
        [.. (await ActivityAsync(tenant, "count=500"))["entries"]!.AsArray().Select(e => e!["resourceId"]?.GetValue<string>())];

    private Task AppendAsync(string tenant, DateTimeOffset time, string resourceId) =>
        Factory.Store.AppendActivityAsync(new ActivityEntry(tenant, time, "t", "Old token", "POST", "User", resourceId, 201, null, null, null));

    private async Task<JsonObject> ActivityAsync(string tenant, string query) =>
        await ExpectAsync(await Admin.GetAsync($"/admin/v1/tenants/{tenant}/activity?{query}"), HttpStatusCode.OK);
}
