using System.Net;
using System.Net.Http.Headers;
using ScimOrleans.Abstractions;
using ScimOrleans.Silo.Telemetry;
using ScimOrleans.Silo.Tests.Infrastructure;

namespace ScimOrleans.Silo.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class RequestMetricsTests(ObservabilityHost host)
{
    [Fact]
    public async Task A_created_user_is_a_timed_request_and_a_provisioning_change_tagged_by_tenant_resource_and_operation()
    {
        var tenant = "metrics-" + Guid.NewGuid().ToString("N")[..8];
        var client = host.CreateRawClient(await host.CreateTenantAsync(tenant));

        var created = await client.PostAsync($"/scim/{tenant}/v2/Users", ScimHttp.Json(ScimHttp.NewUser("ada@example.com")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/scim/{tenant}/v2/Users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/scim/{tenant}/v2/Users/{Guid.NewGuid()}")).StatusCode);

        var metrics = host.Metrics();
        var requests = metrics.PointsOf("scim.request.duration").Where(p => p.Has(ScimMetrics.TenantTag, tenant)).ToList();
        Assert.Contains(requests, p => p.Has(ScimMetrics.ResourceTag, "Users") && p.Has(ScimMetrics.OperationTag, "create")
            && p.Has(ScimMetrics.StatusTag, 201) && p.Count == 1 && p.Value > 0);
        Assert.Contains(requests, p => p.Has(ScimMetrics.OperationTag, "get") && p.Has(ScimMetrics.StatusTag, 200));
        // An authenticated 404 is a missing resource of a real tenant: the tenant keeps its name.
        Assert.Contains(requests, p => p.Has(ScimMetrics.OperationTag, "get") && p.Has(ScimMetrics.StatusTag, 404));

        var changes = metrics.PointsOf("scim.provisioning.changes").Where(p => p.Has(ScimMetrics.TenantTag, tenant)).ToList();
        var change = Assert.Single(changes);
        Assert.True(change.Has(ScimMetrics.ResourceTag, "Users") && change.Has(ScimMetrics.OperationTag, "create"));
        Assert.Equal(1, change.Count);
    }

    [Fact]
    public async Task A_request_for_a_tenant_that_does_not_exist_does_not_name_it_in_a_tag()
    {
        var made_up = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        var response = await host.CreateRawClient("scim_x_y").GetAsync($"/scim/{made_up}/v2/Users");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var metrics = host.Metrics();
        Assert.DoesNotContain(metrics.PointsOf("scim.request.duration"), p => p.Has(ScimMetrics.TenantTag, made_up));
        Assert.DoesNotContain(metrics.PointsOf("scim.auth.failures"), p => p.Has(ScimMetrics.TenantTag, made_up));
    }

    [Fact]
    public async Task Refused_tokens_are_counted_by_reason()
    {
        var tenant = "auth-" + Guid.NewGuid().ToString("N")[..8];
        var token = await host.CreateTenantAsync(tenant);
        var other = await host.CreateTenantAsync("auth-other-" + Guid.NewGuid().ToString("N")[..8]);
        var revoked = await host.Grains.GetGrain<ITenantGrain>(tenant).IssueToken("to revoke", DateTimeOffset.UtcNow.AddDays(1), null);
        await host.Grains.GetGrain<ITenantGrain>(tenant).RevokeToken(revoked.Info.Id);
        TokenFormat.TryParse(token, out var tokenId, out _);
        var url = $"/scim/{tenant}/v2/Users";

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateRawClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(url, new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateRawClient(TokenFormat.Compose(tokenId, "wrong-secret")).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateRawClient(revoked.Value).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateRawClient(other).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.CreateRawClient(token).GetAsync(url)).StatusCode);

        var failures = host.Metrics().PointsOf("scim.auth.failures").Where(p => p.Has(ScimMetrics.TenantTag, tenant)).ToList();
        foreach (var reason in new[] { AuthFailureReasons.Missing, AuthFailureReasons.Malformed, AuthFailureReasons.Unknown, AuthFailureReasons.Revoked, AuthFailureReasons.WrongTenant })
        {
            Assert.Contains(failures, p => p.Has(ScimMetrics.ReasonTag, reason) && p.Count == 1);
        }

        Assert.DoesNotContain(failures, p => p.Has(ScimMetrics.ReasonTag, AuthFailureReasons.Error));
        var refused = host.Metrics().PointsOf("scim.request.duration").Where(p => p.Has(ScimMetrics.TenantTag, tenant) && p.Has(ScimMetrics.StatusTag, 401));
        Assert.Equal(5, refused.Sum(p => p.Count));
    }

    private Task<HttpResponseMessage> Send(string url, AuthenticationHeaderValue authorization)
    {
        var client = host.CreateRawClient();
        client.DefaultRequestHeaders.Authorization = authorization;
        return client.GetAsync(url);
    }
}
