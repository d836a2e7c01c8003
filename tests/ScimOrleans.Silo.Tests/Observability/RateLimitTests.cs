using System.Net;
using ScimOrleans.Silo.Telemetry;

namespace ScimOrleans.Silo.Tests.Observability;

[Collection(ObservabilityCollection.Name)]
public sealed class RateLimitTests(ObservabilityHost host)
{
    [Fact]
    public async Task A_tenant_over_its_limit_gets_429_with_retry_after_and_a_scim_error_while_another_tenant_is_served()
    {
        // ThrottledTenant: 1 request per second, bucket of 2.
        var throttled = host.CreateRawClient(await host.CreateTenantAsync(ObservabilityHost.ThrottledTenant));
        var other = host.CreateRawClient(ObservabilityHost.Token);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await throttled.GetAsync($"/scim/{ObservabilityHost.ThrottledTenant}/v2/Users"));
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/scim/{ObservabilityHost.Tenant}/v2/Users")).StatusCode);
        }

        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.OK);
        var refused = answers.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in whole seconds");
        Assert.Equal("application/scim+json", refused.Content.Headers.ContentType?.MediaType);
        var error = await Infrastructure.ScimHttp.ReadObjectAsync(refused);
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", error["schemas"]![0]!.GetValue<string>());
        Assert.Equal("429", error["status"]!.GetValue<string>());

        Assert.Contains(host.Metrics().PointsOf("scim.rate_limit.rejections"),
            p => p.Has(ScimMetrics.TenantTag, ObservabilityHost.ThrottledTenant) && p.Count >= 1);
    }
}
