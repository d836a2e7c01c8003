using System.Net;
using ScimOrleans.Cluster.Tests.Infrastructure;

namespace ScimOrleans.Cluster.Tests;

/// <summary>Three silo processes on one database behave as one service.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ClusterFixture fixture)
{
    private const string Tenant = ScimCluster.Tenant;
    private ScimCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Three_silos_on_one_database_form_one_cluster()
    {
        var members = await Cluster.MembershipAsync();
        var active = members.Where(m => m.Status == MembershipStatus.Active).Select(m => m.Port).Order().ToList();
        Assert.Equal(Cluster.Silos.Select(s => s.SiloPort).Order(), active);
    }

    [Fact]
    public async Task A_user_created_through_one_silo_is_read_patched_and_deleted_through_the_others()
    {
        using var a = Cluster.Client(0);
        using var b = Cluster.Client(1);
        using var c = Cluster.Client(2);

        using var created = await a.PostAsync($"/scim/{Tenant}/v2/Users", Http.Scim(Http.NewUser("grace@example.com")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadObjectAsync())["id"]!.GetValue<string>();

        using var read = await b.GetAsync($"/scim/{Tenant}/v2/Users/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("grace@example.com", (await read.ReadObjectAsync())["userName"]!.GetValue<string>());

        using var patched = await c.PatchAsync($"/scim/{Tenant}/v2/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Grace Hopper"}]}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        using var filtered = await a.GetAsync($"/scim/{Tenant}/v2/Users?filter=userName%20eq%20%22grace@example.com%22");
        var list = await filtered.ReadObjectAsync();
        Assert.Equal(1, list["totalResults"]!.GetValue<int>());
        Assert.Equal("Grace Hopper", list["Resources"]![0]!["displayName"]!.GetValue<string>());

        using var deleted = await b.DeleteAsync($"/scim/{Tenant}/v2/Users/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await c.GetAsync($"/scim/{Tenant}/v2/Users/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var goneOnA = await a.GetAsync($"/scim/{Tenant}/v2/Users/{id}");
        Assert.Equal(HttpStatusCode.NotFound, goneOnA.StatusCode);
    }

    [Fact]
    public async Task Sixty_concurrent_posts_of_one_userName_over_three_silos_give_exactly_one_201()
    {
        var clients = Enumerable.Range(0, 3).Select(i => Cluster.Client(i)).ToArray();
        try
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            {
                // Case variants too: uniqueness is case-insensitive.
                var userName = i % 2 == 0 ? "Unique.Race@example.com" : "unique.race@EXAMPLE.com";
                using var response = await clients[i % 3].PostAsync($"/scim/{Tenant}/v2/Users", Http.Scim(Http.NewUser(userName)));
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    Assert.Equal("uniqueness", (await response.ReadObjectAsync())["scimType"]!.GetValue<string>());
                }

                return response.StatusCode;
            }));

            Assert.Single(statuses, s => s == HttpStatusCode.Created);
            Assert.Equal(59, statuses.Count(s => s == HttpStatusCode.Conflict));
            using var list = await clients[2].GetAsync($"/scim/{Tenant}/v2/Users?filter=userName%20eq%20%22unique.race@example.com%22");
            Assert.Equal(1, (await list.ReadObjectAsync())["totalResults"]!.GetValue<int>());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task Sixty_concurrent_patches_of_one_group_over_three_silos_lose_no_member()
    {
        var clients = Enumerable.Range(0, 3).Select(i => Cluster.Client(i)).ToArray();
        try
        {
            var userIds = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            {
                using var response = await clients[i % 3].PostAsync($"/scim/{Tenant}/v2/Users", Http.Scim(Http.NewUser($"member-{i}@example.com")));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
            }));
            using var group = await clients[0].PostAsync($"/scim/{Tenant}/v2/Groups", Http.Scim(Http.NewGroup("Race group")));
            Assert.Equal(HttpStatusCode.Created, group.StatusCode);
            var groupId = (await group.ReadObjectAsync())["id"]!.GetValue<string>();

            var statuses = await Task.WhenAll(userIds.Select(async (userId, i) =>
            {
                using var response = await clients[i % 3].PatchAsync($"/scim/{Tenant}/v2/Groups/{groupId}", Http.AddMember(userId));
                return response.StatusCode;
            }));
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.NoContent, s.ToString()));

            foreach (var client in clients)
            {
                using var read = await client.GetAsync($"/scim/{Tenant}/v2/Groups/{groupId}");
                var members = (await read.ReadObjectAsync())["members"]!.AsArray().Select(m => m!["value"]!.GetValue<string>()).Order();
                Assert.Equal(userIds.Order(), members);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_token_revoked_through_one_silo_is_refused_by_another_at_once()
    {
        var (tokenId, token) = await Cluster.IssueTokenAsync(Tenant, silo: 0);
        using var c = Cluster.Client(2, token);
        using (var before = await c.GetAsync($"/scim/{Tenant}/v2/Users?count=1"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var admin = Cluster.AdminClient(0);
        using var revoked = await admin.DeleteAsync($"/admin/v1/tenants/{Tenant}/tokens/{tokenId}");
        Assert.True(revoked.IsSuccessStatusCode, $"{(int)revoked.StatusCode} {await revoked.Content.ReadAsStringAsync()}");

        using var after = await c.GetAsync($"/scim/{Tenant}/v2/Users?count=1");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("urn:ietf:params:scim:api:messages:2.0:Error", await after.Content.ReadAsStringAsync());
        using var b = Cluster.Client(1, token);
        using var afterOnB = await b.PostAsync($"/scim/{Tenant}/v2/Users", Http.Scim(Http.NewUser("after-revoke@example.com")));
        Assert.Equal(HttpStatusCode.Unauthorized, afterOnB.StatusCode);
    }

    [Fact]
    public async Task Any_silo_answers_for_a_tenant_created_through_another()
    {
        var (_, token) = await Cluster.CreateTenantAsync("globex", silo: 1);
        for (var silo = 0; silo < 3; silo++)
        {
            using var client = Cluster.Client(silo, token);
            using var created = await client.PostAsync("/scim/globex/v2/Users", Http.Scim(Http.NewUser($"globex-{silo}@example.com")));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var reader = Cluster.Client(0, token);
        using var list = await reader.GetAsync("/scim/globex/v2/Users?count=0");
        Assert.Equal(3, (await list.ReadObjectAsync())["totalResults"]!.GetValue<int>());
    }
}
